package io.watchword.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One token signing key as stored: encrypted, with when it was made and when a newer one replaced it. */
@Entity
@Table(name = "ww_signing_key")
public class SigningKeyRecord {

    @Id
    private String kid;

    /** {@code SigningKey.serialize()} encrypted with {@code SecretBox}, the kid as associated data. */
    @Column(name = "key_value", nullable = false)
    private String value;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "retired_at")
    private Instant retiredAt;

    protected SigningKeyRecord() {
    }

    public SigningKeyRecord(String kid, String encrypted, Instant createdAt) {
        this.kid = kid;
        this.value = encrypted;
        this.createdAt = createdAt;
    }

    public void retire(Instant at) {
        if (retiredAt == null) {
            retiredAt = at;
        }
    }

    public String kid() { return kid; }
    public String value() { return value; }
    public Instant createdAt() { return createdAt; }
    public Instant retiredAt() { return retiredAt; }

    /** Whether the JWKS still lists it at {@code now}: not retired, or retired less than {@code lifetime} ago. */
    public boolean publishedAt(Instant now, java.time.Duration lifetime) {
        return retiredAt == null || retiredAt.plus(lifetime).isAfter(now);
    }
}
