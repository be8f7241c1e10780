package io.watchword.journey.control;

/**
 * A request's answer that waits for a send: the flow, and the dispatch to deliver before the
 * request can be answered ({@link JourneyEngine#delivered}).
 */
public record PendingSend(String flowId, String baseUrl, OtpDispatch dispatch) {
}
