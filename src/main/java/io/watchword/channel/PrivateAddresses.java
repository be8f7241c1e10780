package io.watchword.channel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses a connection may not reach outside development mode (contract §11):
 * loopback, link-local (169.254.0.0/16, fe80::/10 — cloud metadata services live there),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10), "this host" (0.0.0.0/8, ::)
 * and carrier-grade NAT space (100.64.0.0/10). IPv4-mapped IPv6 addresses count as their IPv4
 * address. Pure functions, unit-tested in {@code PrivateAddressesTest}.
 */
public final class PrivateAddresses {

    private PrivateAddresses() {
    }

    public static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 127 || first == 100 && (second & 0xc0) == 64;
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // fc00::/7, unique local
            }
            if (isMappedOrCompatible(b)) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** ::ffff:a.b.c.d (mapped) or ::a.b.c.d (compatible): the JDK turns the first into IPv4 already, not always the second. */
    private static boolean isMappedOrCompatible(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == b[11] && (b[10] == 0 || b[10] == (byte) 0xff);
    }

    /** The host of an http(s) URL, or of a bare host setting; empty when there is none. */
    public static Optional<String> hostOf(String urlOrHost) {
        if (urlOrHost == null || urlOrHost.isBlank()) {
            return Optional.empty();
        }
        String s = urlOrHost.strip();
        if (s.contains("://")) {
            try {
                String host = URI.create(s).getHost();
                return Optional.ofNullable(host).map(PrivateAddresses::unbracket);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(unbracket(s));
    }

    private static String unbracket(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /**
     * The first private address {@code host} resolves to, or empty when none (or when it does
     * not resolve: that fails at send as an unknown host).
     */
    public static Optional<InetAddress> privateAddressOf(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (isPrivate(a)) {
                    return Optional.of(a);
                }
            }
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
