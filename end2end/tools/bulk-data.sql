-- Bulk data for EXPLAIN and load runs: 2,000 users, 20,200 conversations
-- (200 of them Alice's), 25 messages each (505,000 messages). Each message
-- is marketplace talk in French or English (an opening, an item, a
-- question, picked at random), so search has words to find at realistic
-- frequencies: an item is in about 1 message in 40, a question in 1 in 12.
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
       (ARRAY['Bonjour, ', 'Salut ! ', 'Hello, ', 'Hi! ', 'Merci. ', 'Thanks. ', 'Re: ', ''])
           [1 + floor(random() * 8)::int]
       || (ARRAY['le vélo', 'the bike', 'le canapé', 'the sofa', 'la table basse', 'the coffee table',
                 'la chaise', 'the chair', 'la lampe', 'the lamp', 'l''armoire', 'the wardrobe',
                 'la poussette', 'the stroller', 'le téléphone', 'the phone', 'l''ordinateur', 'the laptop',
                 'l''écran', 'the screen', 'la guitare', 'the guitar', 'le manteau', 'the coat',
                 'les chaussures', 'the shoes', 'la montre', 'the watch', 'le fauteuil', 'the armchair',
                 'la machine à café', 'the espresso machine', 'le frigo', 'the fridge', 'le bureau',
                 'the desk', 'la trottinette', 'the scooter', 'le matelas', 'the mattress'])
           [1 + floor(random() * 40)::int]
       || (ARRAY[' est toujours disponible ?', ' is still available?', ' peut être livré samedi ?',
                 ' can be picked up on Saturday?', ' a des rayures ?', ' has any scratches?',
                 ' : je propose 50 € ?', ': would you take 40 €?', ', je passe demain soir.',
                 ', I can come tomorrow evening.', ' fonctionne parfaitement.', ' works perfectly.'])
           [1 + floor(random() * 12)::int],
       c.last_activity_at - (25 - s) * interval '1 minute'
FROM conversations c CROSS JOIN generate_series(1, 25) s WHERE c.id IN (SELECT id FROM convs);
ANALYZE;
