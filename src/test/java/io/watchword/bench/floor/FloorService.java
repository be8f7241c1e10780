package io.watchword.bench.floor;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The least a passcode journey must do on this stack, in the product's architecture (JAX-RS →
 * {@code @Stateless} EJB → JPA, one JTA transaction per request): create a flow; lock it, issue
 * and hash a passcode and send it by an outbound HTTP call; lock it, check the passcode and sign
 * an ES256 token. Five SQL statements in three transactions — none of Watchword's journey engine,
 * rules, counters or audit.
 */
@Stateless
public class FloorService {

    @PersistenceContext(unitName = "floor")
    EntityManager em;

    @Inject
    FloorKit kit;

    public String start() {
        FloorFlow f = new FloorFlow(UUID.randomUUID().toString(), Instant.now());
        em.persist(f);
        return f.id;
    }

    public boolean form(String id, String phone, String sink) throws Exception {
        FloorFlow f = em.find(FloorFlow.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (f == null || f.step != 1) {
            return false;
        }
        String code = kit.passcode();
        f.codeHash = kit.hash(id, code);
        f.phone = phone;
        f.step = 2;
        String body = "{\"to\":\"" + phone + "\",\"from\":\"Floor\",\"text\":\"Your code is " + code + ".\"}";
        HttpResponse<String> r = kit.http().send(HttpRequest.newBuilder(URI.create(sink))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200;
    }

    public String verify(String id, String code) {
        FloorFlow f = em.find(FloorFlow.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (f == null || f.step != 2 || !MessageDigest.isEqual(
                kit.hash(id, code).getBytes(StandardCharsets.US_ASCII), f.codeHash.getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        f.step = 3;
        return kit.sign("{\"sub\":\"" + f.phone + "\",\"iat\":" + Instant.now().getEpochSecond() + "}");
    }
}
