package io.watchword.channel.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A message the outbox provider kept instead of delivering (development and demos). */
@Entity
@Table(name = "ww_outbox_message")
public class OutboxMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String recipient;

    @Column(nullable = false)
    private String channel;

    private String subject;

    @Column(nullable = false)
    private String text;

    @Column(name = "sent_at", nullable = false)
    private Instant sentAt;

    protected OutboxMessage() {
    }

    public OutboxMessage(String recipient, String channel, String subject, String text, Instant sentAt) {
        this.recipient = recipient;
        this.channel = channel;
        this.subject = subject;
        this.text = text;
        this.sentAt = sentAt;
    }

    public String recipient() { return recipient; }
    public String channel() { return channel; }
    public String subject() { return subject; }
    public String text() { return text; }
    public Instant sentAt() { return sentAt; }
}
