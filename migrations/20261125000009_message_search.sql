-- Full-text search over messages, accent- and case-insensitive, in French
-- and English. Each language has a configuration that strips accents
-- before stemming; a message's vector holds both languages' lexemes, and a
-- query is parsed in both and matches if either matches ("vélos" finds
-- "velo" through either stemmer).
CREATE EXTENSION IF NOT EXISTS unaccent;
-- Lets one GIN index hold the conversation beside the words, so a search
-- within one conversation is one intersection inside the index.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TEXT SEARCH CONFIGURATION souk_french (COPY = french);
ALTER TEXT SEARCH CONFIGURATION souk_french
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE TEXT SEARCH CONFIGURATION souk_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION souk_english
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('souk_french', content) || to_tsvector('souk_english', content)
) STORED;
-- A search probes it once per conversation of the user's (conversation and
-- words together). fastupdate is off: with it, new rows wait in a pending
-- list of up to 4 MB that every probe scans whole, which made searches 30
-- times slower until a vacuum; inserting a message's few lexemes directly
-- is cheap.
CREATE INDEX messages_search_idx ON messages USING gin (conversation_id, search)
    WITH (fastupdate = off);
