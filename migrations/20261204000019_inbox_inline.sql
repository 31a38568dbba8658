-- The inbox reads every row's last message, offer and the other side's
-- read pointer; each of those is now a plain join or column, so the
-- view's plan is index probes only, with no per-row function call.

-- An offer as a message carries it: {id, amountCents, status, byUserId,
-- expiresAt}, pending past its time already saying `expired`; NULL for no
-- offer (a left join's empty row). One expression without FROM, so the
-- planner inlines it into each query that joins `offers`.
CREATE FUNCTION offer_json(offer offers) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN (offer).id IS NULL THEN NULL ELSE
           jsonb_build_object(
               'id', (offer).id,
               'amountCents', (offer).amount_cents,
               'status', CASE WHEN (offer).status = 'pending' AND (offer).expires_at <= now()
                              THEN 'expired' ELSE (offer).status END,
               'byUserId', (offer).by_user_id,
               'expiresAt', (offer).expires_at) END
$$;

-- The id of the message at `last_read_seq` (NULL before any): what the
-- other side's "Seen" points at. Kept by the trigger below whichever
-- statement moves the pointer, so no writer can leave it stale.
ALTER TABLE conversation_participants ADD COLUMN last_read_message_id uuid;

UPDATE conversation_participants p SET last_read_message_id = m.id
FROM messages m
WHERE m.conversation_id = p.conversation_id AND m.seq = p.last_read_seq;

CREATE FUNCTION participants_keep_read_message() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.last_read_seq IS DISTINCT FROM OLD.last_read_seq THEN
        NEW.last_read_message_id := (SELECT m.id FROM messages m
                                     WHERE m.conversation_id = NEW.conversation_id
                                       AND m.seq = NEW.last_read_seq);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER participants_keep_read_message
BEFORE INSERT OR UPDATE OF last_read_seq ON conversation_participants
FOR EACH ROW EXECUTE FUNCTION participants_keep_read_message();

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
       CASE WHEN o.last_read_seq > p.cleared_seq THEN o.last_read_message_id END
           AS other_last_read_id,
       p.archived,
       COALESCE(lm.attachment_list, '[]'::jsonb) AS last_attachments,
       lm.call AS last_call,
       lm.warnings AS last_warnings,
       offer_json(lo) AS last_offer,
       lm.offer_step AS last_offer_step,
       l.status AS ad_status,
       l.price_cents AS ad_price_cents
FROM conversation_participants p
JOIN conversations c ON c.id = p.conversation_id
JOIN users ul ON ul.id = c.user_low
JOIN users uh ON uh.id = c.user_high
LEFT JOIN listings l ON l.id = c.listing_id
LEFT JOIN messages lm
       ON lm.conversation_id = p.conversation_id AND lm.seq = c.last_seq
      AND lm.seq > p.cleared_seq
LEFT JOIN offers lo ON lo.id = lm.offer_id
LEFT JOIN conversation_participants o
       ON o.conversation_id = p.conversation_id
      AND o.user_id = CASE WHEN c.user_low = p.user_id THEN c.user_high ELSE c.user_low END;

DROP FUNCTION offer_shape(uuid);
