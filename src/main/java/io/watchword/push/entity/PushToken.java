package io.watchword.push.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A device's push token registered for a user (contract §4). */
@Entity
@Table(name = "ww_push_token")
public class PushToken {

    @Id
    private String id;

    @Column(name = "user_id", nullable = false)
    private String userId;

    @Column(nullable = false)
    private String provider;

    @Column(nullable = false)
    private String token;

    /** SHA-256 of the token: the unique key, so long tokens need no long index. */
    @Column(name = "token_hash", nullable = false)
    private String tokenHash;

    @Column(name = "device_name")
    private String deviceName;

    @Column(nullable = false)
    private boolean active;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected PushToken() {
    }

    public PushToken(String id, String userId, String provider, String token, String tokenHash,
                     String deviceName, Instant now) {
        this.id = id;
        this.userId = userId;
        this.provider = provider;
        this.token = token;
        this.tokenHash = tokenHash;
        this.deviceName = deviceName;
        this.active = true;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The same token registered again: it is active, belongs to this user, and is the newest. */
    public void refresh(String userId, String deviceName, Instant now) {
        this.userId = userId;
        if (deviceName != null) {
            this.deviceName = deviceName;
        }
        this.active = true;
        this.updatedAt = now;
    }

    public void deactivate(Instant now) {
        this.active = false;
        this.updatedAt = now;
    }

    public String id() { return id; }
    public String userId() { return userId; }
    public String provider() { return provider; }
    public String token() { return token; }
    public String deviceName() { return deviceName; }
    public boolean active() { return active; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
