package io.watchword.channel.provider;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ConnectionSpec;
import io.watchword.channel.OutboundMessage;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/** Builders for the connections and messages the provider tests send. */
public final class TestConnections {

    private TestConnections() {
    }

    public static JsonObject json(String text) {
        return JsonSupport.parseObject(text.replace('\'', '"')).orElseThrow();
    }

    public static ConnectionSpec connection(String name, ChannelType channel, String provider,
                                            JsonObject settings, Map<String, String> secrets) {
        return new ConnectionSpec(name, channel, provider, settings, secrets);
    }

    public static OutboundMessage sms(String to, String from, String text) {
        return new OutboundMessage(ChannelType.SMS, List.of(to), from, null, text);
    }

    public static OutboundMessage email(List<String> to, String senderName, String subject, String text) {
        return new OutboundMessage(ChannelType.EMAIL, to, senderName, subject, text);
    }

    public static OutboundMessage push(String token, String title, String text) {
        return new OutboundMessage(ChannelType.PUSH, List.of(token), null, title, text);
    }

    /** A local port nothing listens on (bound, then released). */
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
