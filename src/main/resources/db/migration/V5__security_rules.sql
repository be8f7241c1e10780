-- Contract §11. Wrong passcode submissions are counted per user across passcodes, resends and
-- flows (failed_tries); a lock that follows another within 24 h lasts twice as long
-- (lock_seconds: the length of the last lock).
alter table ww_user_lockout add column failed_tries integer default 0 not null;
alter table ww_user_lockout add column lock_seconds bigint;

-- Completion tokens that registered a device: each may do so once (its jti is the key).
create table ww_used_token (
    jti         varchar(64) not null primary key,
    used_at     timestamp with time zone not null,
    expires_at  timestamp with time zone not null
);
create index ww_used_token_expires_idx on ww_used_token (expires_at);
