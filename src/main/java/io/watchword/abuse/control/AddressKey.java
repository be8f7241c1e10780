package io.watchword.abuse.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The subject a client address is counted under. An IPv4 address counts as itself; an IPv6
 * address by its /64 network, since one subscriber usually holds a whole /64 and could
 * otherwise rotate through it to escape the per-address limit.
 */
public final class AddressKey {

    private AddressKey() {
    }

    public static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return "unknown";
        }
        if (remoteAddress.indexOf(':') < 0) {
            return remoteAddress;
        }
        try {
            // an IPv6 literal: parsed, never looked up
            byte[] a = InetAddress.getByName(literal(remoteAddress)).getAddress();
            return a.length == 16 ? HexFormat.of().formatHex(Arrays.copyOf(a, 8)) + "::/64" : InetAddress.getByAddress(a).getHostAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return remoteAddress;
        }
    }

    private static String literal(String v6) {
        int zone = v6.indexOf('%');
        String s = zone >= 0 ? v6.substring(0, zone) : v6;
        return s.startsWith("[") ? s.substring(1, s.indexOf(']') > 0 ? s.indexOf(']') : s.length()) : s;
    }
}
