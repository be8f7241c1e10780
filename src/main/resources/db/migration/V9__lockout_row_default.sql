-- A user's lockout row is created by one statement that gives way to a concurrent creator
-- (io.watchword.otp.control.Lockouts): it names only the user and the time, so the counts
-- start from their defaults.
alter table ww_user_lockout alter column consecutive_failures set default 0;
