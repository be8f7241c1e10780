package io.watchword.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.it.Api;
import io.watchword.it.Deployments;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention in the real server with the default periods (flows P1D, events P30D, outbox P1D,
 * push tokens P30D, lockouts P30D):
 * rows are aged by a test-only fixture added to the deployment, purged by the same round the
 * timer runs, and what is left is read back.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RetentionIT {

    @ArquillianResource
    URL url;

    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.watchword().addClass(RetentionFixture.class);
    }

    @BeforeEach
    void api() {
        api = new Api(url);
    }

    @Test
    void oldRowsGoAndRecentRowsStay() {
        String tag = seed();
        assertThat(purge().status()).isEqualTo(200);

        List<String> left = rows(tag);
        assertThat(left).filteredOn(r -> r.startsWith("flow:")).extracting(r -> r.split(":")[1] + ":" + r.split(":")[2])
                .containsExactlyInAnyOrder(tag + "-ended-new:REJECTED", tag + "-unattended-new:EXPIRED",
                        tag + "-live:ACTIVE");
        assertThat(left).filteredOn(r -> !r.startsWith("flow:")).containsExactlyInAnyOrder(
                "attempt:" + tag + "-new:PENDING", "event:new:otp.sent", "outbox:" + tag + "-new:sms",
                // a deactivated token goes after its period; an active one stays however old
                "token:" + tag + "-inactive-new", "token:" + tag + "-active-old",
                // an old run of failures is forgotten unless its lock still holds
                "lockout:" + tag + "-locked-old", "lockout:" + tag + "-idle-new");
    }

    @Test
    void anUnattendedFlowEndsAsExpiredOnceAndItsClientGets409() {
        String tag = seed();
        purge();
        List<String> after = rows(tag);
        purge();
        // A second round changes nothing: the flow ended once, at the moment it expired.
        assertThat(rows(tag)).isEqualTo(after);
        assertThat(after).anyMatch(r -> r.startsWith("flow:" + tag + "-unattended-new:EXPIRED:") && !r.endsWith(":-"));

        Api.Answer late = api.respond(tag + "-unattended-new", RetentionFixture.TOKEN, "cancel", null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.contentType()).startsWith("application/problem+json");
    }

    @Test
    void twoNodesPurgingAtOnceDeleteEachRowOnceWithoutError() throws Exception {
        List<String> tags = List.of(seed(), seed(), seed(), seed(), seed());
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Api.Answer> a = CompletableFuture.supplyAsync(() -> awaitThenPurge(go));
        CompletableFuture<Api.Answer> b = CompletableFuture.supplyAsync(() -> awaitThenPurge(go));
        go.countDown();
        JsonObject x = a.get().json();
        JsonObject y = b.get().json();
        assertThat(a.get().status()).isEqualTo(200);
        assertThat(b.get().status()).isEqualTo(200);

        // Only this test's seeds are that old: each old row counted by exactly one of the two.
        assertThat(x.getInt("flowsDeleted") + y.getInt("flowsDeleted")).isEqualTo(2 * tags.size());
        assertThat(x.getInt("attemptsDeleted") + y.getInt("attemptsDeleted")).isEqualTo(tags.size());
        assertThat(x.getInt("eventsDeleted") + y.getInt("eventsDeleted")).isEqualTo(tags.size());
        assertThat(x.getInt("outboxDeleted") + y.getInt("outboxDeleted")).isEqualTo(tags.size());
        assertThat(x.getInt("pushTokensDeleted") + y.getInt("pushTokensDeleted")).isEqualTo(tags.size());
        assertThat(x.getInt("lockoutsDeleted") + y.getInt("lockoutsDeleted")).isEqualTo(2 * tags.size());
        for (String tag : tags) {
            assertThat(rows(tag)).hasSize(10);
        }
    }

    private Api.Answer awaitThenPurge(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return purge();
    }

    private String seed() {
        String tag = "rt" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.send("POST", "/api/test/retention/seed?tag=" + tag, null, null, null).status()).isEqualTo(200);
        return tag;
    }

    private Api.Answer purge() {
        return api.send("POST", "/api/test/retention/purge", null, null, null);
    }

    private List<String> rows(String tag) {
        return api.send("GET", "/api/test/retention/rows?tag=" + tag, null, null, null).structure().asJsonArray()
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }
}
