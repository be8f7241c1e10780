package io.watchword.abuse.control;

/**
 * A rate limit refused an event, fired as a CDI event (metrics count it): {@code kind} is
 * one of {@link RateLimiter#START_IP}, {@link RateLimiter#SEND_RECIPIENT},
 * {@link RateLimiter#SEND_USER}. Never the subject (address, recipient or user).
 */
public record RateLimitRefused(String kind) {
}
