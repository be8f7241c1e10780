-- Test only (MigrationTest): a last migration that takes three seconds, so that a second
-- Flyway started at the same moment must meet the first one's lock.
select pg_sleep(3);
