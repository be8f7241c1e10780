-- Abuse protection (contract §7). Written in the SQL that H2 2.x and PostgreSQL 12+ share.

-- Counters of the rate limits and of the SMS conversion monitor. One row per kind of count,
-- subject (SHA-256 of the IP address, recipient, user id or country code: no personal data in
-- clear), window length and window start. A hit is one conditional UPDATE of that row
-- (hits = hits + 1 where hits < limit), the first hit of a window an INSERT whose primary key
-- settles a race between nodes. Rows are useless after expires_at and may be deleted.
create table ww_rate_counter (
    kind            varchar(32)  not null,
    subject         varchar(64)  not null,
    window_seconds  bigint       not null,
    window_start    timestamp with time zone not null,
    hits            integer      not null,
    expires_at      timestamp with time zone not null,
    constraint ww_rate_counter_pk primary key (kind, subject, window_seconds, window_start)
);
create index ww_rate_counter_expires_idx on ww_rate_counter (expires_at);

-- The country code the last SMS passcode of a flow went to, so that a verification (whose
-- event carries only the flow id) counts for the right country in the conversion monitor.
create table ww_sms_destination (
    flow_id       varchar(64)  not null primary key,
    country_code  varchar(4)   not null,
    updated_at    timestamp with time zone not null
);
create index ww_sms_destination_updated_idx on ww_sms_destination (updated_at);

-- Country codes the conversion monitor blocked, until `blocked_until` or an admin lifts them.
create table ww_sms_block (
    country_code   varchar(4)   not null primary key,
    reason         varchar(32)  not null,
    blocked_since  timestamp with time zone not null,
    blocked_until  timestamp with time zone not null
);
