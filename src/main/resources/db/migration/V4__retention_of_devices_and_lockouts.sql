-- Retention of deactivated push tokens and idle lockout rows (io.watchword.retention): both
-- purges search by the last change, through these indexes.
create index ww_push_token_updated_idx on ww_push_token (updated_at);
create index ww_user_lockout_updated_idx on ww_user_lockout (updated_at);
