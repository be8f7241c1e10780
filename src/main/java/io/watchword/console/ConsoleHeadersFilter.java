package io.watchword.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The admin console's pages ({@code /admin/*}, contract §9): never framed by another site (a
 * framed console could be clicked through by a page the admin visits), never cached, never
 * content-sniffed, and scripts only from this origin — sent as headers, because a
 * {@code <meta>} policy cannot forbid framing.
 */
@WebFilter(urlPatterns = "/admin/*")
public class ConsoleHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        resp.setHeader("Content-Security-Policy", POLICY);
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(req, resp);
    }
}
