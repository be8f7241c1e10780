package io.watchword.push.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A completion token that registered a device. Its {@code jti} is the primary key, so a second
 * registration with the same token fails on the database's unique key, on one node or several.
 */
@Entity
@Table(name = "ww_used_token")
public class UsedToken {

    @Id
    private String jti;

    @Column(name = "used_at", nullable = false)
    private Instant usedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected UsedToken() {
    }

    public UsedToken(String jti, Instant usedAt, Instant expiresAt) {
        if (jti == null || jti.isBlank() || jti.length() > 64) {
            throw new IllegalArgumentException("a jti of 1 to 64 characters");
        }
        this.jti = jti;
        this.usedAt = usedAt;
        this.expiresAt = expiresAt;
    }
}
