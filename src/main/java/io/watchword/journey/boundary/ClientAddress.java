package io.watchword.journey.boundary;

import io.watchword.abuse.control.AbuseSettings;
import io.watchword.abuse.control.Decision;
import io.watchword.abuse.control.RateLimiter;
import io.watchword.platform.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The calling client's address, for the start-rate limit of contract §7. It is the address
 * the server sees (the TCP peer). Headers such as X-Forwarded-For are not trusted here, as a
 * client could write any value into them; behind a reverse proxy the operator makes the
 * server see the client's address (WildFly: Undertow's {@code proxy-address-forwarding}).
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
        Decision d = limiter.acquire(RateLimiter.START_IP, key(request.getRemoteAddr()), settings.startPerIp());
        if (!d.allowed()) {
            String seconds = String.valueOf(d.retryAfterSeconds());
            throw new ProblemException(429, "rate_limited", "Too many requests",
                    "Too many journeys were started from this address: retry in " + seconds + " s.",
                    List.of(), Map.of("retry_after", d.retryAfterSeconds()), Map.of("Retry-After", seconds));
        }
    }

    /**
     * An IPv4 address counts as itself; an IPv6 address by its /64 network, since one
     * subscriber usually holds a whole /64 and could otherwise rotate through it.
     */
    static String key(String remoteAddress) {
        if (remoteAddress == null) {
            return "unknown";
        }
        try {
            byte[] a = InetAddress.getByName(remoteAddress.indexOf(':') >= 0 ? stripZone(remoteAddress) : remoteAddress)
                    .getAddress();
            return a.length == 16 ? "v6:" + HexFormat.of().formatHex(Arrays.copyOf(a, 8)) + "::/64" : remoteAddress;
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }

    private static String stripZone(String v6) {
        int zone = v6.indexOf('%');
        String s = zone >= 0 ? v6.substring(0, zone) : v6;
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }
}
