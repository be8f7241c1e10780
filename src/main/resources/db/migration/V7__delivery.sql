-- Contract §8. A send runs after the request's transaction has committed: while it runs, the
-- flow remembers it (send_id), until when it may run (send_until), and the hash of the
-- interaction token the request came with (resume_token_hash), which works again once the send
-- is overdue (its node died mid-send), so the client can still resend or cancel.
alter table ww_flow add column send_id varchar(36);
alter table ww_flow add column send_until timestamp with time zone;
alter table ww_flow add column resume_token_hash varchar(64);

-- A connection's circuit breaker, shared by every node: a row once the connection has failed.
-- state: closed, open; an open breaker whose open_until has passed is half open, and the node
-- that claims trial_until makes the one trial send.
create table ww_connection_health (
    connection_name      varchar(100)  not null primary key,
    state                varchar(16)   not null,
    consecutive_failures integer       not null,
    open_until           timestamp with time zone,
    trial_until          timestamp with time zone,
    last_failure_at      timestamp with time zone,
    last_failure_reason  varchar(300),
    version              bigint        not null
);
