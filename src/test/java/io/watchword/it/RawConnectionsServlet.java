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

/**
 * Test-only, added to the test deployment by ShrinkWrap (never part of watchword.war): dumps
 * every column of {@code ww_connection} as the database holds it, one row a line, so a test
 * can show that no secret is stored in clear.
 */
@WebServlet("/it/raw-connections")
public class RawConnectionsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @PersistenceContext(unitName = "watchword")
    transient EntityManager em;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select * from ww_connection").getResultList();
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        for (Object[] row : rows) {
            out.println(Arrays.toString(row));
        }
    }
}
