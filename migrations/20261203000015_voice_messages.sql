-- Voice messages: an attachment is an image (its size in pixels) or a
-- voice recording (its length in milliseconds, measured from the file by
-- media::audio; at most two minutes and the recorder's last packets).
ALTER TABLE attachments DROP CONSTRAINT attachments_content_type_check;
ALTER TABLE attachments ALTER COLUMN width DROP NOT NULL;
ALTER TABLE attachments ALTER COLUMN height DROP NOT NULL;
ALTER TABLE attachments ADD COLUMN duration_ms integer
    CHECK (duration_ms BETWEEN 1 AND 121500);
ALTER TABLE attachments ADD CONSTRAINT attachments_kind_check CHECK (
    (content_type IN ('image/jpeg', 'image/png', 'image/webp')
        AND width IS NOT NULL AND height IS NOT NULL AND duration_ms IS NULL)
    OR (content_type IN ('audio/webm', 'audio/ogg', 'audio/mp4')
        AND width IS NULL AND height IS NULL AND duration_ms IS NOT NULL));
