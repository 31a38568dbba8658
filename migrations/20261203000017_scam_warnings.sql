-- Scam warnings: what a message's text would move off the site, decided
-- when it is sent (services::warnings) and kept with it.
ALTER TABLE messages ADD COLUMN warnings text[] NOT NULL DEFAULT '{}'
    CHECK (warnings <@ ARRAY['phone', 'email', 'link', 'payment']);

-- Moderators' list of repeat "payment" senders reads the last day's.
CREATE INDEX messages_payment_warnings_idx ON messages (created_at, sender_id)
    WHERE 'payment' = ANY (warnings);

-- The inbox's last message carries them too (a message has one shape).
CREATE OR REPLACE VIEW conversation_views AS
SELECT p.user_id AS viewer_id,
       p.hidden,
       p.last_activity_at AS viewer_activity_at,
       p.conversation_id AS id,
       c.listing_id AS ad_id,
       COALESCE(l.title, c.ad_title) AS ad_title,
       c.user_low,
       ul.name AS low_name,
       c.user_high,
       uh.name AS high_name,
       GREATEST(c.last_seq - GREATEST(p.last_read_seq, p.cleared_seq), 0)
           + CASE WHEN p.marked_unread THEN 1 ELSE 0 END AS unread_count,
       c.last_activity_at AS updated_at,
       lm.id AS last_id,
       lm.sender_id AS last_sender_id,
       lm.content AS last_content,
       lm.created_at AS last_created_at,
       EXISTS (SELECT 1 FROM user_blocks b
               WHERE b.blocker_id = p.user_id
                 AND b.blocked_id = CASE WHEN c.user_low = p.user_id
                                         THEN c.user_high ELSE c.user_low END)
           AS blocked_by_me,
       p.changed_seq,
       rm.id AS other_last_read_id,
       p.archived,
       COALESCE(lm.attachment_list, '[]'::jsonb) AS last_attachments,
       lm.call AS last_call,
       lm.warnings AS last_warnings
FROM conversation_participants p
JOIN conversations c ON c.id = p.conversation_id
JOIN users ul ON ul.id = c.user_low
JOIN users uh ON uh.id = c.user_high
LEFT JOIN listings l ON l.id = c.listing_id
LEFT JOIN messages lm
       ON lm.conversation_id = p.conversation_id AND lm.seq = c.last_seq
      AND lm.seq > p.cleared_seq
LEFT JOIN conversation_participants o
       ON o.conversation_id = p.conversation_id
      AND o.user_id = CASE WHEN c.user_low = p.user_id THEN c.user_high ELSE c.user_low END
LEFT JOIN messages rm
       ON rm.conversation_id = p.conversation_id AND rm.seq = o.last_read_seq
      AND rm.seq > p.cleared_seq;
