-- The inbox in one pass over its index.
--
-- A message's images are listed on the message itself: they are fixed when
-- it is sent (an attachment is never moved and goes with its message), so
-- every read of messages takes a column rather than running a function per
-- row that the planner cannot inline. `services::attachments::attach`
-- writes the list in the send's transaction.
ALTER TABLE messages ADD COLUMN attachment_list jsonb NOT NULL DEFAULT '[]';
UPDATE messages m SET attachment_list = (
    SELECT jsonb_agg(jsonb_build_object(
               'id', a.id, 'contentType', a.content_type, 'width', a.width,
               'height', a.height, 'size', a.size) ORDER BY a.position)
    FROM attachments a WHERE a.message_id = m.id)
WHERE m.id IN (SELECT message_id FROM attachments WHERE message_id IS NOT NULL);

-- My list, in the order it is shown: a page is the next rows of this index
-- (keyset on activity and id), joined row by row by primary keys.
DROP INDEX participants_inbox_idx;
CREATE INDEX participants_inbox_idx ON conversation_participants
    (user_id, archived, last_activity_at DESC, conversation_id DESC) WHERE NOT hidden;

-- The same columns as before, now all from joins on primary keys: the
-- conversation's id is the participant row's (so the index above gives
-- the order), the other person's row and their read pointer are joined,
-- not looked up per row.
DROP VIEW conversation_views;
CREATE VIEW conversation_views AS
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
       COALESCE(lm.attachment_list, '[]'::jsonb) AS last_attachments
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

DROP FUNCTION message_attachments(uuid);
