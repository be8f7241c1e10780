-- Retention (io.watchword.retention): every purge statement finds its rows through an index.
-- Ended flows (ended_at), OTP attempts (created_at) and audit events (at) have theirs in V1.

-- Unattended flows are ended as expired by status and expiry: without this index the search for
-- ACTIVE flows past their expiry would walk every ended flow of the retention period.
create index ww_flow_status_expires_idx on ww_flow (status, expires_at);

create index ww_outbox_sent_idx on ww_outbox_message (sent_at);
