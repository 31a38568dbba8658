-- Words between angle brackets are found like any others. PostgreSQL's
-- parser reads `<…>` as markup (and skips what a `<script>` or `<style>`
-- holds), but a message is plain text: its vector is made from the text
-- with `<` and `>` swapped for two control characters, which message text
-- never contains and the parser takes as blanks. Searches make their
-- headlines from the same text, `souk_search_text` (see services/search.rs).
CREATE FUNCTION souk_search_text(content text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN translate(content, '<>', chr(3) || chr(4));

DROP INDEX messages_search_idx;
ALTER TABLE messages DROP COLUMN search;
ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('souk_french', souk_search_text(content))
        || to_tsvector('souk_english', souk_search_text(content))
) STORED;
CREATE INDEX messages_search_idx ON messages USING gin (conversation_id, search)
    WITH (fastupdate = off);
