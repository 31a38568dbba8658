-- Counted events of rate-limited actions (failed logins, sends, …), shared
-- by every instance on this database. A limit of N per window refuses the
-- (N+1)th event inside any window of that length; events older than the
-- longest window are purged.
CREATE TABLE rate_limit_events (
    bucket text NOT NULL,
    key    text NOT NULL,
    at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX rate_limit_events_lookup_idx ON rate_limit_events (bucket, key, at);
CREATE INDEX rate_limit_events_at_idx ON rate_limit_events (at);
