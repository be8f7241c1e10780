package io.watchword.bench.floor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The floor journey's only row: where it is, and the keyed hash of its passcode. */
@Entity
@Table(name = "bench_floor_flow")
public class FloorFlow {

    @Id
    @Column(length = 36)
    String id;

    int step;

    @Column(length = 32)
    String phone;

    @Column(name = "code_hash", length = 64)
    String codeHash;

    @Column(name = "created_at")
    Instant createdAt;

    protected FloorFlow() {
    }

    FloorFlow(String id, Instant now) {
        this.id = id;
        this.step = 1;
        this.createdAt = now;
    }
}
