package io.watchword.abuse.boundary;

import io.watchword.platform.JsonBodies;
import io.watchword.platform.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Every request to {@code /api}: responses are never cached and never content-sniffed, and a
 * body larger than 64 KiB is refused with 413 before anything reads it — also when it comes
 * chunked, without a Content-Length: then at most 64 KiB + 1 byte are read to find out.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class ApiHardeningFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (hasNul(req.getRequestURI()) || hasNul(req.getQueryString())) {
            // No field may hold NUL: PostgreSQL refuses it in text (a 500 if it got that far).
            refuse(resp, 400, "The path or query contains a NUL character.");
            return;
        }
        long length = req.getContentLengthLong();
        if (length > JsonBodies.MAX_BYTES) {
            drain(req.getInputStream());
            refuse(resp, 413, "The body is larger than 64 KiB.");
            return;
        }
        if (!knownCharset(req.getContentType())) {
            // else the container fails decoding the body (an unsupported encoding: a 500)
            refuse(resp, 415, "The body must be application/json in UTF-8.");
            return;
        }
        if (length < 0 && req.getHeader("Transfer-Encoding") != null) {
            byte[] body = req.getInputStream().readNBytes(JsonBodies.MAX_BYTES + 1);
            if (body.length > JsonBodies.MAX_BYTES) {
                drain(req.getInputStream());
                refuse(resp, 413, "The body is larger than 64 KiB.");
                return;
            }
            chain.doFilter(new BufferedBody(req, body), resp);
            return;
        }
        chain.doFilter(req, resp);
    }

    private static void refuse(HttpServletResponse resp, int status, String detail) throws IOException {
        resp.setStatus(status);
        resp.setContentType(Problems.MEDIA_TYPE);
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // the body is not read: the connection is not reused
        resp.setHeader("Connection", "close");
        resp.getWriter().write(Problems.document(status, Problems.code(status), Problems.title(status),
                detail, List.of(), Map.of()).toString());
    }

    /** At most this much of a refused body is read and dropped before answering. */
    static final int DRAIN_LIMIT = 1024 * 1024;

    /**
     * Reads and drops what is left of a refused body, up to {@link #DRAIN_LIMIT}: some
     * containers (Payara's Grizzly) do not answer while the client is still sending, and a
     * client blocked on sending never reads the 413. Beyond the limit the connection closes.
     */
    static void drain(java.io.InputStream in) {
        byte[] buffer = new byte[8192];
        long left = DRAIN_LIMIT;
        try {
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException clientGone) {
            // nothing to answer to
        }
    }

    static boolean hasNul(String raw) {
        return raw != null && (raw.indexOf('\0') >= 0 || raw.toLowerCase(java.util.Locale.ROOT).contains("%00"));
    }

    /** True unless the Content-Type names a charset this JVM does not know. */
    static boolean knownCharset(String contentType) {
        if (contentType == null) {
            return true;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return Charset.isSupported(name);
                } catch (IllegalArgumentException illegalName) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A request whose body has already been read into memory (at most 64 KiB). */
    static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("The body is already buffered: read it blocking.");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = StandardCharsets.UTF_8;
            try {
                String enc = getCharacterEncoding();
                charset = enc == null ? charset : Charset.forName(enc);
            } catch (IllegalArgumentException unknown) {
                // a garbage charset parameter reads as UTF-8, like the JSON it should be
            }
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }
    }
}
