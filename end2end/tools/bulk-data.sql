-- Bulk data for EXPLAIN and load runs: 2,000 users, 20,200 conversations
-- (200 of them Alice's), 25 messages each (505,000 messages).
INSERT INTO users (id, email, name, password_hash)
SELECT gen_random_uuid(), 'bulk' || i || '@example.test', 'Bulk ' || i, 'x' FROM generate_series(1, 2000) i;
CREATE TEMP TABLE u AS SELECT id, row_number() OVER (ORDER BY id) n FROM users WHERE email LIKE 'bulk%';
CREATE TEMP TABLE pairs AS
  SELECT a.id AS x, b.id AS y FROM generate_series(1, 20000) k
  JOIN u a ON a.n = 1 + (k % 2000) JOIN u b ON b.n = 1 + ((k * 7 + 1 + k / 2000) % 2000)
  WHERE a.id <> b.id
  UNION ALL
  SELECT (SELECT id FROM users WHERE email = 'alice@example.com'), id FROM u WHERE n <= 200;
CREATE TEMP TABLE convs AS SELECT gen_random_uuid() id, LEAST(x, y) lo, GREATEST(x, y) hi FROM (SELECT DISTINCT x, y FROM pairs) p;
INSERT INTO conversations (id, user_low, user_high, last_seq, last_activity_at)
SELECT id, lo, hi, 25, now() - random() * interval '30 days' FROM convs ON CONFLICT DO NOTHING;
INSERT INTO conversation_participants (conversation_id, user_id, last_read_seq, last_activity_at)
SELECT c.id, u, (random() * 25)::int, c.last_activity_at
FROM conversations c CROSS JOIN LATERAL (VALUES (c.user_low), (c.user_high)) v(u)
WHERE c.id IN (SELECT id FROM convs);
INSERT INTO messages (id, conversation_id, seq, sender_id, content, created_at)
SELECT gen_random_uuid(), c.id, s, CASE WHEN s % 2 = 0 THEN c.user_low ELSE c.user_high END,
       'bulk message ' || s, c.last_activity_at - (25 - s) * interval '1 minute'
FROM conversations c CROSS JOIN generate_series(1, 25) s WHERE c.id IN (SELECT id FROM convs);
ANALYZE;
