// Search benchmark on the bulk data set: Alice (200 conversations, 5,000
// of the 505,000 messages) searches French and English words of every
// frequency, one request at a time; the inbox's first page, measured in
// the same run, is the baseline. Then prints the plan of one search.
//
//   SEARCH_DATABASE_URL=postgres://… [SOUK_BIN=target/release/souk] \
//     node end2end/tools/search-bench.mjs [runs per query]
//
// The database may be empty (the demo and tools/bulk-data.sql are loaded)
// or already hold them.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { percentile, root, startServer, waitFor } from "./lib/site.mjs";

const databaseUrl = process.env.SEARCH_DATABASE_URL;
if (!databaseUrl) throw new Error("set SEARCH_DATABASE_URL");
const runs = Number(process.argv[2] ?? 40);
const binary = process.env.SOUK_BIN ?? "target/release/souk";
const psql = (args) => execFileSync("psql", [databaseUrl, "-X", "-q", ...args], { encoding: "utf8" });

const site = startServer({ binary, databaseUrl, port: 3090, env: { SOUK_DEMO: "1" } });
try {
  await waitFor("the server", async () => (await site.call("GET", "/readyz")).status === 200, 60_000);
  const loaded = psql(["-At", "-c", "SELECT count(*) FROM users WHERE email LIKE 'bulk%'"]).trim();
  if (loaded === "0") {
    console.log("loading tools/bulk-data.sql (505,000 messages)…");
    psql(["-f", path.join(root, "end2end/tools/bulk-data.sql")]);
  }
  const login = await site.call("POST", "/api/auth/login", {
    body: { email: "alice@example.com", password: "password123" },
  });
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const alice = JSON.parse(login.text).data.id;

  async function measure(urlPath) {
    const times = [];
    let hits = 0;
    for (let i = 0; i < runs + 3; i++) {
      const res = await site.call("GET", urlPath, { cookie });
      if (res.status !== 200) throw new Error(`${urlPath}: ${res.status} ${res.text}`);
      if (i >= 3) times.push(res.ms); // the first three warm the caches
      hits = JSON.parse(res.text).data.length;
    }
    return { times, hits };
  }
  const row = (label, { times, hits }) =>
    console.log(
      `${label.padEnd(34)} ${String(hits).padStart(4)}  p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms` +
        `  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  max ${Math.max(...times).toFixed(1).padStart(6)} ms`,
    );

  console.log(`\n${runs} sequential requests each, as Alice (200 conversations)\n`);
  console.log(`${"request".padEnd(34)} hits`);
  const baseline = await measure("/api/messages/conversations?limit=30");
  row("baseline: inbox page (30)", baseline);
  const queries = [
    "vélo", "velos", "bike", "canapé", "guitare", "scratches", "rayures",
    "disponible", "available", "livré samedi", "machine café", "tomorrow evening",
    "introuvable",
  ];
  const all = [];
  for (const q of queries) {
    const result = await measure(`/api/messages/search?q=${encodeURIComponent(q)}`);
    all.push(...result.times);
    row(`search "${q}"`, result);
  }
  const p95 = percentile(all, 95);
  console.log(
    `\nall searches: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms` +
      ` (baseline p95 ${percentile(baseline.times, 95).toFixed(1)} ms, ratio ${(p95 / percentile(baseline.times, 95)).toFixed(2)})`,
  );

  // The service's query (services::search), for its plan.
  const plan = psql([
    "-c",
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
     WITH q AS (SELECT websearch_to_tsquery('souk_french', 'vélo')
                    || websearch_to_tsquery('souk_english', 'vélo') AS words,
                       'HighlightAll=true, StartSel=' || chr(1) || ', StopSel=' || chr(2) AS marks)
     SELECT m.id, m.conversation_id, m.sender_id, m.content, m.created_at,
            message_attachments(m.id),
            ts_headline('souk_english', ts_headline('souk_french', m.content, q.words, q.marks), q.words, q.marks)
     FROM q, conversation_participants p
     JOIN messages m ON m.conversation_id = p.conversation_id
     WHERE p.user_id = '${alice}' AND m.seq > p.cleared_seq AND m.search @@ q.words
     ORDER BY m.created_at DESC, m.id DESC LIMIT 21`,
  ]);
  console.log(`\nplan of search "vélo":\n${plan}`);
} finally {
  site.server.kill();
}
