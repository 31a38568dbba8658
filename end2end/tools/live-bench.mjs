// Benchmark of the live updates (not a test). Against a release build:
//
//   cargo leptos build --release --split
//   BENCH_DATABASE_URL=postgres://… node end2end/tools/live-bench.mjs [parts…]
//
// parts (default all): throughput, inbox, sizes, pages, streams. Each
// prints its baseline from the same run:
// - throughput: a no-change sync (304) against GET /healthz (a bare axum
//   handler) and GET /readyz (axum plus one database round trip);
// - inbox: the reads a sync does not cover, for a user with 200
//   conversations of 25 messages (some unread, some with photos, one
//   blocked): the REST list of them all and the server-rendered messages
//   page, against GET /readyz (axum plus one database round trip), and
//   the floors under the page (a logged-in page without the inbox, the
//   messages page of an empty inbox);
// - sizes: a no-change sync, and a sync that reads the database, for users
//   with 2, 200 and 2,000 conversations;
// - pages: 20,000 simulated open pages, one sync each every 3 s (jittered);
// - streams: 10,000 open event streams (STREAMS=n for another count);
//   memory per stream, and the delay from a send to its event on the
//   recipient's stream under that load. Over HTTP/1.1, one connection per
//   stream; STREAMS_OVER=h2 carries them over HTTP/2 (cleartext, prior
//   knowledge), 200 streams a connection, as a proxy in front (or a
//   browser's tabs of one site) multiplex them.
// Starts SOUK_BIN (default target/release/souk) on port 3500.
import http from "node:http";
import http2 from "node:http2";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { now, pause, percentile, register, startServer, waitFor } from "./lib/site.mjs";

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) {
  console.error("set BENCH_DATABASE_URL");
  process.exit(2);
}
const parts = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ["throughput", "inbox", "sizes", "pages", "streams"];
const port = 3500;
const site = startServer({
  binary: process.env.SOUK_BIN ?? "target/release/souk",
  databaseUrl,
  port,
  env: {
    SOUK_LIMIT_REGISTER_IP: "off",
    SOUK_LIMIT_MESSAGE_USER: "off",
    SOUK_LIMIT_CONVERSATION_USER: "off",
  },
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function get(path, headers = {}) {
  return new Promise((resolve) => {
    const started = now();
    const req = http.request({ host: "127.0.0.1", port, path, agent, headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body, ms: now() - started }));
    });
    req.on("error", () => resolve({ status: 0, ms: now() - started }));
    req.end();
  });
}

const psql = (sql) => execFileSync("psql", [databaseUrl, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" });

/** `concurrency` clients asking `make()` back to back for `seconds`. */
async function closedLoop(make, concurrency, seconds, expect) {
  const latencies = [];
  let errors = 0;
  const until = now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (now() < until) {
        const res = await make();
        if (res.status === expect) latencies.push(res.ms);
        else errors += 1;
      }
    }),
  );
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

const fmt = (r) => `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}`;

/** A user with `n` conversations (made in SQL: the API would limit it). */
async function userWith(n, tag) {
  const user = await register(site, `Bench${tag}`, "bench.test");
  psql(`
    INSERT INTO users (id, email, name, password_hash)
      SELECT gen_random_uuid(), 'peer-${tag}-' || i || '@bench.test', 'Peer ' || i, 'x'
      FROM generate_series(1, ${n}) i;
    WITH peers AS (SELECT id FROM users WHERE email LIKE 'peer-${tag}-%'),
    made AS (
      INSERT INTO conversations (id, user_low, user_high, ad_title)
        SELECT gen_random_uuid(), LEAST('${user.id}'::uuid, id), GREATEST('${user.id}'::uuid, id), 'Bench'
        FROM peers RETURNING id, user_low, user_high)
    INSERT INTO conversation_participants (conversation_id, user_id, changed_seq)
      SELECT id, u, nextval('change_seq') FROM made, LATERAL (VALUES (user_low), (user_high)) v(u);`);
  return user;
}

/** Gives each of `user`'s conversations 25 messages (the last two unread
 * in about half of them), a photo on about a fifth of the last ones, and blocks
 * one peer: what a busy seller's inbox reads. */
function fillInbox(user) {
  psql(`
    WITH mine AS (
      SELECT c.id, c.user_low, c.user_high, row_number() OVER (ORDER BY c.id) AS n
      FROM conversations c JOIN conversation_participants p ON p.conversation_id = c.id
      WHERE p.user_id = '${user.id}')
    INSERT INTO messages (id, conversation_id, seq, sender_id, content, created_at)
      SELECT gen_random_uuid(), id, s, CASE WHEN s % 2 = 0 THEN user_low ELSE user_high END,
             'Bonjour, le vélo est toujours disponible ? Message ' || s,
             now() - interval '1 day' + n * interval '1 minute' + s * interval '1 second'
      FROM mine, generate_series(1, 25) s;
    UPDATE conversations c SET last_seq = 25, last_activity_at = now() - interval '1 day' + p.n * interval '1 minute'
      FROM (SELECT conversation_id, row_number() OVER (ORDER BY conversation_id) AS n
            FROM conversation_participants WHERE user_id = '${user.id}') p
      WHERE c.id = p.conversation_id;
    UPDATE conversation_participants p SET last_activity_at = c.last_activity_at,
           last_read_seq = CASE WHEN p.user_id = '${user.id}' AND get_byte(uuid_send(c.id), 0) % 2 = 0
                                THEN 23 ELSE 25 END
      FROM conversations c WHERE c.id = p.conversation_id
        AND c.id IN (SELECT conversation_id FROM conversation_participants WHERE user_id = '${user.id}');
    INSERT INTO attachments (id, uploader_id, message_id, position, content_type, width, height, size)
      SELECT gen_random_uuid(), m.sender_id, m.id, 1, 'image/jpeg', 800, 600, 54321
      FROM messages m JOIN conversation_participants p ON p.conversation_id = m.conversation_id
      WHERE p.user_id = '${user.id}' AND m.seq = 25 AND get_byte(uuid_send(m.id), 0) % 5 = 0;
    INSERT INTO user_blocks (blocker_id, blocked_id)
      SELECT '${user.id}', CASE WHEN user_low = '${user.id}' THEN user_high ELSE user_low END
      FROM conversations WHERE '${user.id}' IN (user_low, user_high) LIMIT 1;`);
}

/** The user's current cursor and tag: what an up-to-date page sends. */
async function upToDate(user) {
  const first = await get("/api/messages/sync", { cookie: user.cookie });
  const cursor = JSON.parse(first.body).data.cursor;
  return { path: `/api/messages/sync?since=${cursor}`, etag: first.headers.etag };
}

/** The statements 50 requests of `make()` run, one by one, when
 * `pg_stat_statements` is loaded: what each request costs the database. */
async function statementsPerRequest(name, make) {
  const thisDatabase = "dbid = (SELECT oid FROM pg_database WHERE datname = current_database())";
  try {
    psql("SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()");
  } catch {
    return; // not loaded (shared_preload_libraries)
  }
  for (let i = 0; i < 50; i++) await make();
  const rows = psql(
    `SELECT calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) FROM pg_stat_statements
     WHERE ${thisDatabase} AND query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC`,
  ).trim();
  const total = rows ? rows.split("\n").reduce((sum, row) => sum + Number(row.split("|")[0]), 0) : 0;
  console.log(`statements per request, ${name}: ${(total / 50).toFixed(2)}`);
  for (const row of rows.split("\n").slice(0, 6)) console.log(`  ${row}`);
}

try {
  await waitFor("the server", async () => (await site.call("GET", "/readyz")).status === 200, 60_000);
  const base = await userWith(2, `t${Date.now()}`);

  if (parts.includes("throughput")) {
    const page = await upToDate(base);
    await closedLoop(() => get("/healthz"), 64, 3, 200); // warms the generator up
    const bare = await closedLoop(() => get("/healthz"), 64, 5, 200);
    const roundTrip = await closedLoop(() => get("/readyz"), 64, 5, 200);
    const sync = await closedLoop(() => get(page.path, { cookie: base.cookie, "if-none-match": page.etag }), 64, 5, 304);
    console.log("throughput (64 connections, 5 s each):");
    console.log(`  GET /healthz (bare axum)        ${fmt(bare)}`);
    console.log(`  GET /readyz (one DB round trip) ${fmt(roundTrip)}`);
    console.log(`  no-change sync (304)            ${fmt(sync)}`);
    console.log(`  no-change sync / bare axum: ${((100 * sync.rps) / bare.rps).toFixed(1)} %`);
  }

  if (parts.includes("inbox")) {
    const seller = await userWith(200, `i${Date.now()}`);
    fillInbox(seller);
    const list = () => get("/api/messages/conversations", { cookie: seller.cookie });
    const page = () => get("/dashboard/messages", { cookie: seller.cookie });
    const listed = JSON.parse((await list()).body).data;
    if (listed.length !== 200 || !listed.every((c) => c.lastMessage)) throw new Error("the inbox is not filled");
    await statementsPerRequest("the list", list);
    await statementsPerRequest("the page", page);
    await closedLoop(() => get("/readyz"), 64, 3, 200); // warms the generator up
    const roundTrip = await closedLoop(() => get("/readyz"), 64, 5, 200);
    // INBOX_SECONDS lengthens the two reads' runs (to profile the server).
    const seconds = Number(process.env.INBOX_SECONDS ?? 5);
    console.log(`inbox: the list from ${new Date().toISOString()} for ${seconds} s, then the page`);
    const rest = await closedLoop(list, 64, seconds, 200);
    const ssr = await closedLoop(page, 64, seconds, 200);
    // The floors under those two: a logged-in page with nothing of the
    // inbox (the home page: the shell, the header's island, the badge's
    // count) and the messages page of an empty inbox.
    const newcomer = await register(site, `Empty${Date.now()}`, "bench.test");
    const home = await closedLoop(() => get("/", { cookie: seller.cookie }), 64, seconds, 200);
    const emptyPage = await closedLoop(() => get("/dashboard/messages", { cookie: newcomer.cookie }), 64, seconds, 200);
    const share = (r) => `${((100 * r.rps) / roundTrip.rps).toFixed(1)} %`;
    console.log(`inbox of 200 conversations (64 connections, ${seconds} s each):`);
    console.log(`  GET /readyz (one DB round trip)      ${fmt(roundTrip)}`);
    console.log(`  GET /api/messages/conversations      ${fmt(rest)}`);
    console.log(`  GET /dashboard/messages (rendered)   ${fmt(ssr)}`);
    console.log(`  list / round trip: ${share(rest)}, page / round trip: ${share(ssr)}`);
    console.log("floors, same run:");
    console.log(`  GET / logged in (no inbox)           ${fmt(home)} (${share(home)})`);
    console.log(`  GET /dashboard/messages, empty inbox ${fmt(emptyPage)} (${share(emptyPage)})`);
  }

  if (parts.includes("sizes")) {
    console.log("sizes (16 connections, 3 s each):");
    for (const n of [2, 200, 2000]) {
      const user = await userWith(n, `s${n}-${Date.now()}`);
      const page = await upToDate(user);
      const fast = await closedLoop(() => get(page.path, { cookie: user.cookie, "if-none-match": page.etag }), 16, 3, 304);
      // Without the tag the sync reads the database (nothing changed).
      const db = await closedLoop(() => get(page.path, { cookie: user.cookie }), 16, 3, 200);
      console.log(`  ${String(n).padStart(4)} conversations: no-change ${fmt(fast)}`);
      console.log(`                     database  ${fmt(db)}`);
    }
  }

  if (parts.includes("pages")) {
    const pages = 20_000;
    const seconds = 15;
    const users = [];
    for (let i = 0; i < 20; i++) users.push(await userWith(5, `p${i}-${Date.now()}`));
    const states = await Promise.all(users.map(upToDate));
    const latencies = [];
    let errors = 0;
    let late = 0;
    const started = now();
    const inFlight = [];
    // Each page ticks every 3 s at its own (random) phase.
    const schedule = Array.from({ length: pages }, () => Math.random() * 3000).sort((a, b) => a - b);
    for (let t = 0; t < seconds * 1000; t += 3000) {
      for (const phase of schedule) {
        const at = t + phase;
        const wait = at - (now() - started);
        if (wait > 1) await pause(wait);
        else if (wait < -50) late += 1;
        const i = Math.floor(Math.random() * users.length);
        inFlight.push(
          get(states[i].path, { cookie: users[i].cookie, "if-none-match": states[i].etag }).then((r) => {
            if (r.status === 304) latencies.push(r.ms);
            else errors += 1;
          }),
        );
      }
    }
    await Promise.all(inFlight);
    const rate = latencies.length / ((now() - started) / 1000);
    console.log(
      `pages: ${pages} open pages, one sync each every 3 s for ${seconds} s: ${rate.toFixed(0)} req/s answered, ` +
        `p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms, ` +
        `errors ${errors}, sent late by the generator ${late}`,
    );
  }

  if (parts.includes("streams")) {
    // STREAMS=50000 for the big run: one process can hold only as many
    // sockets as its open-file limit (`ulimit -n`), the server as well.
    const total = Number(process.env.STREAMS ?? 10_000);
    const recipient = await register(site, "Listener", "bench.test");
    const sender = await register(site, "Sender", "bench.test");
    const crowd = await register(site, "Crowd", "bench.test");
    const conv = JSON.parse(
      (await site.call("POST", "/api/messages/conversations", { cookie: sender.cookie, body: { recipientId: recipient.id } })).text,
    ).data.id;
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${site.server.pid}/status`, "utf8"))[1]);
    const before = rss();
    const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
    const arrivals = new Map(); // message id -> time first seen
    let opened = 0;
    // What a stream does with its bytes: only the recipient's are read.
    const reader = (listen) => {
      let buffer = "";
      return (chunk) => {
        if (!listen) return;
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes("event: message")) {
            const id = /"id":"([^"]+)"/.exec(block)?.[1];
            if (id && !arrivals.has(id)) arrivals.set(id, now());
          }
        }
      };
    };
    // Spread over eight loopback source addresses: one has only about
    // 28,000 ephemeral ports towards the server's one port.
    const sourceAddress = () => `127.0.0.${1 + (opened++ % 8)}`;
    const overHttp1 = (cookie, listen) =>
      new Promise((resolve, reject) => {
        const options = {
          host: "127.0.0.1",
          port,
          localAddress: sourceAddress(),
          path: "/api/messages/events",
          agent: streamAgent,
          headers: { cookie },
        };
        const req = http.get(options, (res) => {
          if (res.statusCode !== 200) return reject(new Error(`stream ${res.statusCode}`));
          res.on("data", reader(listen));
          resolve(req);
        });
        req.on("error", reject);
      });
    const STREAMS_PER_CONNECTION = 200; // the server's SETTINGS_MAX_CONCURRENT_STREAMS
    const sessions = [];
    let session = null;
    let sessionStreams = 0;
    const overHttp2 = (cookie, listen) =>
      new Promise((resolve, reject) => {
        if (!session || sessionStreams === STREAMS_PER_CONNECTION) {
          session = http2.connect(`http://127.0.0.1:${port}`, { localAddress: sourceAddress() });
          session.on("error", (error) => console.error("h2 session", error.message));
          sessions.push(session);
          sessionStreams = 0;
        }
        sessionStreams += 1;
        const req = session.request({ ":path": "/api/messages/events", cookie });
        req.setEncoding("utf8");
        req.on("response", (headers) => {
          if (headers[":status"] !== 200) return reject(new Error(`stream ${headers[":status"]}`));
          req.on("data", reader(listen));
          resolve(req);
        });
        req.on("error", reject);
      });
    const over = process.env.STREAMS_OVER === "h2" ? "HTTP/2" : "HTTP/1.1";
    const open = over === "HTTP/2" ? overHttp2 : overHttp1;
    const streams = [];
    for (let i = 0; i < total; i += 200) {
      const batch = [];
      for (let j = i; j < Math.min(total, i + 200); j++) {
        // 100 of them are the recipient's; the rest are someone else's.
        batch.push(j < 100 ? open(recipient.cookie, true) : open(crowd.cookie, false));
      }
      streams.push(...(await Promise.all(batch)));
    }
    await pause(1000);
    const after = rss();
    const delays = [];
    for (let i = 0; i < 50; i++) {
      const sentAt = now();
      const res = await site.call("POST", "/api/messages", {
        cookie: sender.cookie,
        body: { conversationId: conv, content: `ping ${i}` },
      });
      const id = JSON.parse(res.text).data.id;
      await waitFor("the event", async () => arrivals.has(id), 10_000);
      delays.push(arrivals.get(id) - sentAt);
      await pause(100);
    }
    console.log(
      `streams: ${streams.length} open over ${over} (${over === "HTTP/2" ? sessions.length : streams.length} connections); server memory ${(before / 1024).toFixed(0)} MiB before, ` +
        `${(after / 1024).toFixed(0)} MiB with them: ${((after - before) / streams.length).toFixed(1)} KiB per stream`,
    );
    console.log(
      `  send to event on the recipient's stream (50 messages): p50 ${percentile(delays, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(delays, 99).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms`,
    );
    streams.forEach((s) => s.destroy());
    sessions.forEach((s) => s.destroy());
  }
} finally {
  site.server.kill("SIGTERM");
  agent.destroy();
}
process.exit(0);
