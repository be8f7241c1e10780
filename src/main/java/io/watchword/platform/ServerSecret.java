package io.watchword.platform;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A key the servers made once and share through the database (HMAC, AES, signing keys). */
@Entity
@Table(name = "ww_server_secret")
public class ServerSecret {

    @Id
    private String name;

    @Column(name = "secret_value", nullable = false)
    private String value;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ServerSecret() {
    }

    public ServerSecret(String name, String value, Instant createdAt) {
        this.name = name;
        this.value = value;
        this.createdAt = createdAt;
    }

    public String name() { return name; }
    public String value() { return value; }
}
