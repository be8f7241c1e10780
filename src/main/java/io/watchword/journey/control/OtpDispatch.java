package io.watchword.journey.control;

import io.watchword.channel.OutboundMessage;
import io.watchword.channel.SendPlan;

/**
 * A passcode issued and committed, about to be delivered (contract §8): what the send needs and
 * what recording its outcome needs. It lives in memory from the request's transaction to the one
 * that records the outcome; if the node dies in between, the flow's {@code send_until} lets the
 * client go on (the passcode stays issued, its limits stay counted).
 *
 * @param sendId  the flow's {@code send_id} while this send runs
 * @param state   the step's state with this passcode issued (the flow row holds it while the send runs)
 * @param resend  whether this is a resend of the step ({@code otp.resent})
 * @param locale  the language variant the message was built in, or null
 */
public record OtpDispatch(String sendId, OtpStepState state, String userId, String channel, String attemptId, int maxFailures,
                          SendPlan plan, OutboundMessage message, SendGuard.Ticket ticket, boolean resend,
                          String locale) {
}
