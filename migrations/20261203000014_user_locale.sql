-- The language a user reads the site, emails and pushes in: the one they
-- registered in, then the one they last chose with the header's switch.
ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en'
    CHECK (locale IN ('en', 'fr'));
