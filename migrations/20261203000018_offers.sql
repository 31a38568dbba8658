-- Offers: either side of a conversation about a listing proposes a price,
-- the other answers (see services::offers). The offer is the truth for
-- races (one pending per conversation, row locks: the listing's first,
-- then the offer's); the messages that made and answered it point at it.
ALTER TABLE listings
    ADD COLUMN status text NOT NULL DEFAULT 'available'
        CHECK (status IN ('available', 'reserved', 'sold')),
    -- The buyer whose accepted offer reserved it.
    ADD COLUMN reserved_for uuid REFERENCES users (id) ON DELETE SET NULL;

CREATE TABLE offers (
    id              uuid PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    listing_id      uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    by_user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    amount_cents    bigint NOT NULL CHECK (amount_cents > 0),
    -- `expired` is stored by housekeeping; a read says it as soon as
    -- `expires_at` passes (offer_shape).
    status          text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'declined', 'countered', 'withdrawn', 'expired')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    answered_at     timestamptz
);
CREATE UNIQUE INDEX offers_one_pending_idx ON offers (conversation_id) WHERE status = 'pending';
CREATE INDEX offers_pending_listing_idx ON offers (listing_id) WHERE status = 'pending';
CREATE INDEX offers_due_idx ON offers (expires_at) WHERE status = 'pending';
CREATE INDEX offers_conversation_idx ON offers (conversation_id, created_at);
-- A listing's change is told to every conversation about it.
CREATE INDEX conversations_listing_idx ON conversations (listing_id);

-- The message that made an offer (`offered`, or `countered` when it
-- answers one) and each later step's line point at it.
ALTER TABLE messages
    ADD COLUMN offer_id uuid REFERENCES offers (id) ON DELETE CASCADE,
    ADD COLUMN offer_step text
        CHECK (offer_step IN ('offered', 'countered', 'accepted', 'declined', 'withdrawn', 'expired')),
    ADD CHECK ((offer_id IS NULL) = (offer_step IS NULL));

-- An offer as a message carries it: {id, amountCents, status, byUserId,
-- expiresAt}, pending past its time already saying `expired`.
CREATE FUNCTION offer_shape(offer uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
               'id', o.id,
               'amountCents', o.amount_cents,
               'status', CASE WHEN o.status = 'pending' AND o.expires_at <= now()
                              THEN 'expired' ELSE o.status END,
               'byUserId', o.by_user_id,
               'expiresAt', o.expires_at)
    FROM offers o WHERE o.id = offer
$$;

-- The inbox says "Offer: 80,00 €", and "Reserved" or "Sold"; a thread
-- knows the price its offers are weighed against.
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
       lm.warnings AS last_warnings,
       offer_shape(lm.offer_id) AS last_offer,
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
LEFT JOIN conversation_participants o
       ON o.conversation_id = p.conversation_id
      AND o.user_id = CASE WHEN c.user_low = p.user_id THEN c.user_high ELSE c.user_low END
LEFT JOIN messages rm
       ON rm.conversation_id = p.conversation_id AND rm.seq = o.last_read_seq
      AND rm.seq > p.cleared_seq;
