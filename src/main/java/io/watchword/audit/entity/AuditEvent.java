package io.watchword.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of the audit log (contract §3, {@code GET /api/admin/events}). */
@Entity
@Table(name = "ww_audit_event")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String type;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "flow_id")
    private String flowId;

    private String channel;

    private String outcome;

    private String details;

    @Column(nullable = false)
    private Instant at;

    protected AuditEvent() {
    }

    public AuditEvent(String type, String userId, String flowId, String channel, String outcome,
                      String details, Instant at) {
        this.type = type;
        this.userId = userId;
        this.flowId = flowId;
        this.channel = channel;
        this.outcome = outcome;
        this.details = details;
        this.at = at;
    }

    public Long id() { return id; }
    public String type() { return type; }
    public String userId() { return userId; }
    public String flowId() { return flowId; }
    public String channel() { return channel; }
    public String outcome() { return outcome; }
    public String details() { return details; }
    public Instant at() { return at; }
}
