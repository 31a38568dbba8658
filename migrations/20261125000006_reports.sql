-- Reports of a person, or of one message they sent, for the moderators.
-- `reported_id` is always the person: a message report names its sender.
CREATE TABLE reports (
    id          uuid PRIMARY KEY,
    reporter_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reported_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message_id  uuid REFERENCES messages (id) ON DELETE SET NULL,
    reason      text NOT NULL CHECK (reason IN ('spam', 'scam', 'abuse', 'other')),
    details     text CHECK (char_length(details) <= 1000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (reporter_id <> reported_id)
);
CREATE INDEX reports_newest_idx ON reports (created_at DESC, id DESC);
CREATE INDEX reports_reported_idx ON reports (reported_id);
