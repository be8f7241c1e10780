package io.watchword.journey.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A stored journey definition: the JSON document of contract §2, validated before storing. */
@Entity
@Table(name = "ww_journey")
public class Journey {

    @Id
    private String id;

    @Column(nullable = false)
    private String definition;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Journey() {
    }

    public Journey(String id, String definition, Instant now) {
        this.id = id;
        this.definition = definition;
        this.updatedAt = now;
    }

    public void replace(String definition, Instant now) {
        this.definition = definition;
        this.updatedAt = now;
    }

    public String id() { return id; }
    public String definition() { return definition; }
    public Instant updatedAt() { return updatedAt; }
    public long version() { return version; }
}
