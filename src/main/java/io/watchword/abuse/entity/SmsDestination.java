package io.watchword.abuse.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The country code the last SMS passcode of a flow went to. A verification event names only
 * the flow; this lets the conversion monitor count it for the right country.
 */
@Entity
@Table(name = "ww_sms_destination")
@NamedQuery(name = SmsDestination.PURGE, query = "delete from SmsDestination d where d.updatedAt < :before")
public class SmsDestination {

    public static final String PURGE = "SmsDestination.purge";

    @Id
    @Column(name = "flow_id")
    private String flowId;

    @Column(name = "country_code", nullable = false)
    private String countryCode;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected SmsDestination() {
    }

    public SmsDestination(String flowId, String countryCode, Instant now) {
        this.flowId = flowId;
        this.countryCode = countryCode;
        this.updatedAt = now;
    }

    public void sentTo(String countryCode, Instant now) {
        this.countryCode = countryCode;
        this.updatedAt = now;
    }

    public String countryCode() {
        return countryCode;
    }
}
