package io.watchword.audit.boundary;

import io.watchword.audit.control.AuditLog;
import io.watchword.audit.entity.AuditEvent;
import io.watchword.platform.JsonValues;
import io.watchword.platform.Limits;
import io.watchword.platform.Times;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/events}: the audit log, newest first (contract §3). */
@Path("admin/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    @Inject
    AuditLog log;

    @GET
    public String list(@QueryParam("userId") String userId, @QueryParam("type") String type,
                       @QueryParam("limit") String limit) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (AuditEvent e : log.find(blankToNull(userId), blankToNull(type),
                Limits.pageSize("limit", limit, 50, 500))) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("type", e.type());
            addIfPresent(o, "userId", e.userId());
            addIfPresent(o, "flowId", e.flowId());
            addIfPresent(o, "channel", e.channel());
            addIfPresent(o, "outcome", e.outcome());
            o.add("details", e.details() == null ? Json.createObjectBuilder().build()
                    : JsonValues.parse(e.details()));
            o.add("at", Times.format(e.at()));
            a.add(o);
        }
        return a.build().toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void addIfPresent(JsonObjectBuilder o, String key, String value) {
        if (value != null) {
            o.add(key, value);
        }
    }
}
