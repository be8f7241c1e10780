package io.watchword.journey.control;

/**
 * A Generic OTP Authentication step failed with {@code code} (contract §1's failure codes),
 * fired as a CDI event in the request's transaction; metrics count it by channel and code.
 */
public record OtpStepFailed(String journeyId, String channel, String code) {
}
