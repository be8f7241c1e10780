package io.watchword.journey.boundary;

import io.watchword.abuse.control.AbuseSettings;
import io.watchword.abuse.control.AddressKey;
import io.watchword.abuse.control.Decision;
import io.watchword.abuse.control.RateLimiter;
import io.watchword.platform.ErrorCodes;
import io.watchword.platform.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;

/**
 * The calling client's address, for the start-rate limit of contract §7. It is the address
 * the server sees (the TCP peer). Headers such as X-Forwarded-For are not trusted here, as a
 * client could write any value into them; behind a reverse proxy the operator makes the
 * server see the client's address (WildFly: Undertow's {@code proxy-address-forwarding}).
 * IPv6 clients count by their /64 ({@link AddressKey}).
 */
@RequestScoped
public class ClientAddress {

    @Inject
    HttpServletRequest request;

    @Inject
    RateLimiter limiter;

    @Inject
    AbuseSettings settings;

    /** Counts this start; over the limit → 429 with {@code Retry-After}. */
    public void checkStartRate() {
        Decision d = limiter.acquire(RateLimiter.START_IP, AddressKey.of(request.getRemoteAddr()), settings.startPerIp());
        if (!d.allowed()) {
            String seconds = String.valueOf(d.retryAfterSeconds());
            throw new ProblemException(429, ErrorCodes.RATE_LIMITED, "Too many requests",
                    "Too many journeys were started from this address: retry in " + seconds + " s.",
                    List.of(), Map.of("retry_after", d.retryAfterSeconds()), Map.of("Retry-After", seconds));
        }
    }
}
