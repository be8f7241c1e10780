package io.watchword.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The error page of web.xml: errors the container answers by itself (authentication
 * challenges, unknown paths, methods, oversize bodies…) become problem+json like the rest.
 */
@WebServlet(urlPatterns = "/problem")
public class ProblemServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        if (status < 400) {
            status = 404;
        }
        if (status == 500 && malformedBasic(req.getHeader("Authorization"))) {
            // WildFly's BASIC mechanism fails with an exception (500) on credentials that are
            // not Base64: they are the client's error, answered like any wrong credentials
            status = 401;
            resp.setHeader("WWW-Authenticate", "Basic realm=\"watchword\"");
        }
        String detail = switch (status) {
            case 401 -> "Authentication is required: HTTP Basic with an account of the server's realm.";
            case 403 -> "The account lacks the role needed here (watchword-admin).";
            case 500 -> "The server could not answer this request.";
            default -> ProblemMapper.describe(status);
        };
        resp.setStatus(status);
        resp.setContentType(Problems.MEDIA_TYPE);
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.getWriter().write(Problems.document(status, Problems.code(status),
                Problems.title(status), detail, List.of(), Map.of()).toString());
    }

    static boolean malformedBasic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            Base64.getDecoder().decode(authorization.substring(6).trim());
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
