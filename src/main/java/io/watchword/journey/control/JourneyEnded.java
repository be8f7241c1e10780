package io.watchword.journey.control;

/**
 * A flow of {@code journeyId} ended ({@code success}, {@code rejected}, {@code cancelled},
 * {@code expired}), fired as a CDI event in the transaction that ended it; metrics count it.
 */
public record JourneyEnded(String journeyId, String outcome) {
}
