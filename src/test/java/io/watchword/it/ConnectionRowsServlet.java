package io.watchword.it;

import jakarta.annotation.Resource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.UserTransaction;
import java.io.IOException;

/**
 * Test-only, added to a test deployment by ShrinkWrap (never part of watchword.war): plays a
 * database writer who bypasses the API. {@code POST /it/connection-rows?op=swap&a=…&b=…}
 * swaps the stored secrets of two connections; {@code op=insert&name=…&channel=…&provider=…&settings=…}
 * writes a connection row directly (as one saved before a rule existed); {@code op=legacy-signing-key&value=…}
 * puts back the clear signing key row of schema versions before 5.1.
 */
@WebServlet("/it/connection-rows")
public class ConnectionRowsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @PersistenceContext(unitName = "watchword")
    transient EntityManager em;

    @Resource
    transient UserTransaction tx;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            tx.begin();
            int changed;
            if ("swap".equals(req.getParameter("op"))) {
                String a = req.getParameter("a");
                String b = req.getParameter("b");
                Object secretsA = em.createNativeQuery("select secrets from ww_connection where name = ?1")
                        .setParameter(1, a).getSingleResult();
                Object secretsB = em.createNativeQuery("select secrets from ww_connection where name = ?1")
                        .setParameter(1, b).getSingleResult();
                changed = em.createNativeQuery("update ww_connection set secrets = ?1 where name = ?2")
                        .setParameter(1, secretsB).setParameter(2, a).executeUpdate()
                        + em.createNativeQuery("update ww_connection set secrets = ?1 where name = ?2")
                        .setParameter(1, secretsA).setParameter(2, b).executeUpdate();
            } else if ("legacy-signing-key".equals(req.getParameter("op"))) {
                // the state a server of schema version 5 or older leaves: the signing key in clear
                em.createNativeQuery("delete from ww_signing_key").executeUpdate();
                em.createNativeQuery("delete from ww_server_secret where name = 'token-signing-key'").executeUpdate();
                changed = em.createNativeQuery("insert into ww_server_secret (name, secret_value, created_at)"
                        + " values ('token-signing-key', ?1, current_timestamp)")
                        .setParameter(1, req.getParameter("value")).executeUpdate();
            } else {
                changed = em.createNativeQuery("insert into ww_connection (name, channel, provider, settings, created_at,"
                        + " updated_at, version) values (?1, ?2, ?3, ?4, current_timestamp, current_timestamp, 0)")
                        .setParameter(1, req.getParameter("name")).setParameter(2, req.getParameter("channel"))
                        .setParameter(3, req.getParameter("provider")).setParameter(4, req.getParameter("settings"))
                        .executeUpdate();
            }
            tx.commit();
            resp.setContentType("text/plain");
            resp.getWriter().println(changed);
        } catch (Exception e) {
            try {
                tx.rollback();
            } catch (Exception ignored) {
                // nothing begun
            }
            resp.sendError(500, e.toString());
        }
    }
}
