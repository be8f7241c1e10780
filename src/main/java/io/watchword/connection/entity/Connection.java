package io.watchword.connection.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * An external connection an admin manages: provider, settings (JSON) and secrets, which are
 * stored only encrypted (AES-GCM) — a dump of this table shows no secret in clear.
 */
@Entity
@Table(name = "ww_connection")
public class Connection {

    @Id
    private String name;

    @Column(nullable = false)
    private String channel;

    @Column(nullable = false)
    private String provider;

    @Column(nullable = false)
    private String settings;

    /** Encrypted JSON object of the secrets, or null when there are none. */
    private String secrets;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Connection() {
    }

    public Connection(String name, Instant now) {
        this.name = name;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public void define(String channel, String provider, String settings, String encryptedSecrets, Instant now) {
        this.channel = channel;
        this.provider = provider;
        this.settings = settings;
        this.secrets = encryptedSecrets;
        this.updatedAt = now;
    }

    public String name() { return name; }
    public String channel() { return channel; }
    public String provider() { return provider; }
    public String settings() { return settings; }
    public String secrets() { return secrets; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
