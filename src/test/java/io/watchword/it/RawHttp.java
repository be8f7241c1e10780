package io.watchword.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, for what the JDK client will not send: a chosen
 * source address (127.x.y.z: every loopback address reaches the server, so each test can be a
 * client of its own for the per-IP limit), chunked bodies, raw bytes in paths and headers.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** An answer: status, headers (names lower-case), body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }
    }

    /** Sends {@code request} (complete, with its head and body) from {@code from} to the server; reads the answer. */
    public static Answer exchange(InetAddress from, String host, int port, byte[] request) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(60_000);
            if (from != null) {
                s.bind(new InetSocketAddress(from, 0));
            }
            s.connect(new InetSocketAddress(host, port), 10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                s.shutdownOutput();
            } catch (IOException refusedEarly) {
                // the server may answer (413) and close before it has read everything
            }
            return parse(s.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("Raw HTTP exchange failed", e);
        }
    }

    /** A request head and body, with Connection: close and a Content-Length when a body is given. */
    public static byte[] request(String method, String target, String host, Map<String, String> headers, String body) {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\nConnection: close\r\n");
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null && !headers.containsKey("Transfer-Encoding")) {
            b.append("Content-Length: ").append(content.length).append("\r\n");
        }
        b.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** {@code body} in chunks of {@code size} bytes, as Transfer-Encoding: chunked sends it. */
    public static String chunked(String body, int size) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < body.length(); i += size) {
            String part = body.substring(i, Math.min(body.length(), i + size));
            b.append(Integer.toHexString(part.getBytes(StandardCharsets.UTF_8).length)).append("\r\n").append(part).append("\r\n");
        }
        return b.append("0\r\n\r\n").toString();
    }

    static Answer parse(byte[] raw) throws IOException {
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (headEnd < 0) {
            throw new IOException("No complete answer: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(new java.io.ByteArrayInputStream(body));
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n' && c != -1) {
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int n = size.length() == 0 ? 0 : Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.writeBytes(in.readNBytes(n));
            in.read();
            in.read();
        }
    }

    private static int indexOf(byte[] a, byte[] p) {
        outer:
        for (int i = 0; i + p.length <= a.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (a[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
