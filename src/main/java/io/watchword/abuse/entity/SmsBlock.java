package io.watchword.abuse.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A country code SMS passcodes may not go to until {@link #until()} (contract §7). */
@Entity
@Table(name = "ww_sms_block")
@NamedQuery(name = SmsBlock.ACTIVE, query = "select b from SmsBlock b where b.until > :now order by b.countryCode")
public class SmsBlock {

    public static final String ACTIVE = "SmsBlock.active";
    public static final String LOW_CONVERSION = "low_conversion";

    @Id
    @Column(name = "country_code")
    private String countryCode;

    @Column(nullable = false)
    private String reason;

    @Column(name = "blocked_since", nullable = false)
    private Instant since;

    @Column(name = "blocked_until", nullable = false)
    private Instant until;

    protected SmsBlock() {
    }

    public SmsBlock(String countryCode, String reason, Instant since, Instant until) {
        this.countryCode = countryCode;
        this.reason = reason;
        this.since = since;
        this.until = until;
    }

    public boolean isActive(Instant now) {
        return now.isBefore(until);
    }

    /** Blocks again a code whose earlier block has run out. */
    public void renew(String reason, Instant since, Instant until) {
        this.reason = reason;
        this.since = since;
        this.until = until;
    }

    public String countryCode() { return countryCode; }
    public String reason() { return reason; }
    public Instant since() { return since; }
    public Instant until() { return until; }
}
