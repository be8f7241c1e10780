package io.watchword.retention;

import io.watchword.journey.control.InteractionTokens;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Test-only, added to the deployment by RetentionIT and never part of the WAR: writes rows as
 * if they had been made long ago (the only way to age data without waiting), runs a purge round
 * as the timer would, and reports which of its rows are left.
 */
@Stateless
@Path("test/retention")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionFixture {

    /** The interaction token of every seeded flow, so the test can answer them. */
    public static final String TOKEN = "retention-test-token";

    @PersistenceContext(unitName = "watchword")
    EntityManager em;

    @Inject
    RetentionRound round;

    /**
     * For {@code tag}: flows ended 2 days and 1 hour ago, an active flow that expired 2 days
     * ago and one that expired 1 hour ago (both unattended), a live one; OTP attempts made 2 days
     * and 1 hour ago; audit events of 40 and 1 days ago; outbox messages of 2 days and 1 hour ago;
     * push tokens deactivated 40 and 1 days ago and one active, unchanged for 40 days; lockout
     * rows last changed 40 days ago (no lock, a lock over 39 days ago, a lock still running) and
     * one changed a day ago.
     */
    @POST
    @Path("seed")
    public String seed(@QueryParam("tag") String tag) {
        Instant now = Instant.now();
        flow(tag + "-ended-old", "SUCCESS", now.minus(Duration.ofDays(2)), true);
        flow(tag + "-ended-new", "REJECTED", now.minus(Duration.ofHours(1)), true);
        flow(tag + "-unattended-old", "ACTIVE", now.minus(Duration.ofDays(2)), false);
        flow(tag + "-unattended-new", "ACTIVE", now.minus(Duration.ofHours(1)), false);
        flow(tag + "-live", "ACTIVE", now.plus(Duration.ofMinutes(10)), false);
        attempt(tag + "-old", now.minus(Duration.ofDays(2)));
        attempt(tag + "-new", now.minus(Duration.ofHours(1)));
        event(tag, "old", now.minus(Duration.ofDays(40)));
        event(tag, "new", now.minus(Duration.ofDays(1)));
        outbox(tag + "-old", now.minus(Duration.ofDays(2)));
        outbox(tag + "-new", now.minus(Duration.ofHours(1)));
        pushToken(tag + "-inactive-old", false, now.minus(Duration.ofDays(40)));
        pushToken(tag + "-inactive-new", false, now.minus(Duration.ofDays(1)));
        pushToken(tag + "-active-old", true, now.minus(Duration.ofDays(40)));
        lockout(tag + "-idle-old", null, now.minus(Duration.ofDays(40)));
        lockout(tag + "-lock-over-old", now.minus(Duration.ofDays(39)), now.minus(Duration.ofDays(40)));
        lockout(tag + "-locked-old", now.plus(Duration.ofMinutes(10)), now.minus(Duration.ofDays(40)));
        lockout(tag + "-idle-new", null, now.minus(Duration.ofDays(1)));
        return "{}";
    }

    /** A purge round as the timer runs it. */
    @POST
    @Path("purge")
    public String purge() {
        PurgeCounts c = round.run(Instant.now());
        return "{\"flowsExpired\":" + c.flowsExpired() + ",\"flowsDeleted\":" + c.flowsDeleted()
                + ",\"attemptsDeleted\":" + c.attemptsDeleted() + ",\"eventsDeleted\":" + c.eventsDeleted()
                + ",\"outboxDeleted\":" + c.outboxDeleted() + ",\"pushTokensDeleted\":" + c.pushTokensDeleted()
                + ",\"lockoutsDeleted\":" + c.lockoutsDeleted() + "}";
    }

    /** What is left of {@code tag}: "kind:id:status" per row, sorted. */
    @GET
    @Path("rows")
    public String rows(@QueryParam("tag") String tag) {
        String like = tag + "-%";
        List<?> rows = em.createNativeQuery(
                "select 'flow:' || id || ':' || status || ':' || coalesce(cast(ended_at as varchar(40)), '-') from ww_flow where id like ?1"
                + " union all select 'attempt:' || id || ':' || status from ww_otp_attempt where id like ?1"
                + " union all select 'event:' || outcome || ':' || type from ww_audit_event where flow_id like ?1"
                + " union all select 'outbox:' || recipient || ':' || channel from ww_outbox_message where recipient like ?1"
                + " union all select 'token:' || id from ww_push_token where id like ?1"
                + " union all select 'lockout:' || user_id from ww_user_lockout where user_id like ?1")
                .setParameter(1, like).getResultList();
        StringBuilder b = new StringBuilder("[");
        rows.stream().map(String::valueOf).sorted().forEach(r -> b.append(b.length() > 1 ? "," : "").append('"').append(r).append('"'));
        return b.append(']').toString();
    }

    private void flow(String id, String status, Instant expiresAt, boolean ended) {
        Instant created = expiresAt.minus(Duration.ofMinutes(15));
        em.createNativeQuery("insert into ww_flow (id, journey_id, token_hash, status, current_step, variables,"
                        + " created_at, expires_at, version) values (?1, 'otp_login_sms', ?2, ?3, 'identify', '{}', ?4, ?5, 0)")
                .setParameter(1, id).setParameter(2, InteractionTokens.hash(TOKEN)).setParameter(3, status)
                .setParameter(4, utc(created)).setParameter(5, utc(expiresAt))
                .executeUpdate();
        if (ended) {
            em.createNativeQuery("update ww_flow set ended_at = ?2 where id = ?1")
                    .setParameter(1, id).setParameter(2, utc(expiresAt.minus(Duration.ofMinutes(10)))).executeUpdate();
        }
    }

    private void attempt(String id, Instant created) {
        em.createNativeQuery("insert into ww_otp_attempt (id, flow_id, step_id, user_id, channel, code_hash, failures,"
                        + " max_failures, status, created_at, expires_at) values (?1, ?1, 'otp', 'u', 'sms', 'x', 0, 3, 'PENDING', ?2, ?3)")
                .setParameter(1, id).setParameter(2, utc(created)).setParameter(3, utc(created.plus(Duration.ofMinutes(5))))
                .executeUpdate();
    }

    private void event(String tag, String age, Instant at) {
        em.createNativeQuery("insert into ww_audit_event (type, user_id, flow_id, channel, outcome, at)"
                        + " values ('otp.sent', 'u', ?1, 'sms', ?2, ?3)")
                .setParameter(1, tag + "-" + age).setParameter(2, age).setParameter(3, utc(at)).executeUpdate();
    }

    private void outbox(String recipient, Instant at) {
        em.createNativeQuery("insert into ww_outbox_message (recipient, channel, text, sent_at) values (?1, 'sms', 'x', ?2)")
                .setParameter(1, recipient).setParameter(2, utc(at)).executeUpdate();
    }

    private void pushToken(String id, boolean active, Instant updated) {
        em.createNativeQuery("insert into ww_push_token (id, user_id, provider, token, token_hash, device_name, active,"
                        + " created_at, updated_at) values (?1, 'u', 'fcm', ?1, ?2, 'Pixel', ?3, ?4, ?4)")
                .setParameter(1, id).setParameter(2, InteractionTokens.hash(id)).setParameter(3, active)
                .setParameter(4, utc(updated)).executeUpdate();
    }

    private void lockout(String userId, Instant lockedUntil, Instant updated) {
        em.createNativeQuery("insert into ww_user_lockout (user_id, consecutive_failures, locked_until, updated_at)"
                        + " values (?1, 2, ?2, ?3)")
                .setParameter(1, userId).setParameter(2, lockedUntil == null ? null : utc(lockedUntil))
                .setParameter(3, utc(updated)).executeUpdate();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
