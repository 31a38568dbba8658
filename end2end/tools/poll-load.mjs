// Load generator for the polling endpoints: many clients asking, as fast as
// they can, what an open messages page asks every 3 seconds.
//
//   node tools/poll-load.mjs [endpoint] [concurrency] [seconds] [base URL]
//
// endpoint: after (default; GET /api/messages?after=<newest>: no new
// messages), unread, conversations. Needs a running demo site (scripts/run,
// or a release build with SOUK_DEMO=1). Prints requests/s and latencies.
// For realistic table sizes load tools/bulk-data.sql into its database
// first (psql -f): 2,000 users, 20,000 conversations, 500,000 messages.
import http from "node:http";

const [endpoint = "after", concurrency = "32", seconds = "10", base = "http://127.0.0.1:3000"] =
  process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });

function request(method, path, { cookie, body } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      new URL(path, base),
      {
        method,
        agent,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(data ? { "content-type": "application/json" } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode, headers: res.headers, json: () => JSON.parse(text) });
        });
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

async function login(email) {
  const res = await request("POST", "/api/auth/login", { body: { email, password: "password123" } });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return res.headers["set-cookie"][0].split(";")[0];
}

// A conversation between the demo users with one message in it: the newest
// message is the poll's cursor, so every poll finds nothing new.
async function setUp() {
  const alice = await login("alice@example.com");
  const bob = await login("bob@example.com");
  const bobId = (await request("GET", "/api/auth/me", { cookie: bob })).json().data.id;
  const conversation = (
    await request("POST", "/api/messages/conversations", { cookie: alice, body: { recipientId: bobId } })
  ).json().data;
  const sent = await request("POST", "/api/messages", {
    cookie: alice,
    body: { conversationId: conversation.id, content: "load test" },
  });
  const newest = sent.json().data.id;
  return { alice, paths: {
    after: `/api/messages?conversationId=${conversation.id}&after=${newest}`,
    unread: "/api/messages/unread",
    conversations: "/api/messages/conversations",
  } };
}

const { alice, paths } = await setUp();
const path = paths[endpoint];
if (!path) throw new Error(`unknown endpoint ${endpoint}; one of ${Object.keys(paths)}`);

const latencies = [];
let errors = 0;
const deadline = performance.now() + Number(seconds) * 1000;
async function client() {
  while (performance.now() < deadline) {
    const start = performance.now();
    const res = await request("GET", path, { cookie: alice });
    latencies.push(performance.now() - start);
    if (res.status !== 200) errors += 1;
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrency) }, client));
const elapsed = (performance.now() - started) / 1000;

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(2);
const rate = latencies.length / elapsed;
console.log(
  `${endpoint}: ${latencies.length} requests in ${elapsed.toFixed(1)} s with ${concurrency} clients: ` +
    `${rate.toFixed(0)} req/s, p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, ${errors} errors`,
);
// An open messages page polls the thread and the list every 3 s (the badge
// rides on the list poll there): 40 requests a minute.
console.log(`≈ ${Math.floor((rate * 60) / 40)} open messages pages at this rate`);
agent.destroy();
