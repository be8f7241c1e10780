package io.watchword.it;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Test-only, added to a test deployment by ShrinkWrap (never part of watchword.war): dumps
 * every column of one table as the database holds it, one row a line — so a test can show
 * that no secret is stored in clear, or that a failed delivery left its OTP attempt behind.
 * {@code GET /it/raw/ww_connection?user_id=…} filters on one column when given.
 */
@WebServlet("/it/raw/*")
public class RawTableServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Set<String> TABLES = Set.of("ww_connection", "ww_otp_attempt", "ww_push_token",
            "ww_signing_key", "ww_server_secret");

    @PersistenceContext(unitName = "watchword")
    transient EntityManager em;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String table = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        if (!TABLES.contains(table)) {
            resp.sendError(404);
            return;
        }
        String userId = req.getParameter("user_id");
        List<?> rows = userId == null
                ? em.createNativeQuery("select * from " + table).getResultList()
                : em.createNativeQuery("select * from " + table + " where user_id = ?1").setParameter(1, userId)
                        .getResultList();
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        for (Object row : rows) {
            out.println(row instanceof Object[] columns ? Arrays.toString(columns) : String.valueOf(row));
        }
    }
}
