// Notifications benchmark, against a release build on a database of its
// own (it starts its own server with SOUK_NOTIFY_AFTER_S=2):
//
//   cargo leptos build --release --split
//   BENCH_DATABASE_URL=postgres://… node end2end/tools/notify-bench.mjs [emails] [pushes] [per-user]
//
// 1. Emails: messages to users who are away, one conversation each; the
//    time from each send to its .eml file, against the configured wait
//    (2 s) and the job's period (1 s), the floor in this run.
// 2. Pushes: messages to users with ten push subscriptions each, pointed
//    at a receiver on loopback (SOUK_PUSH_ALLOW_INSECURE=1); pushes per
//    second through the server's queue, and the time from a send to its
//    push, beside the same receiver taking plain POSTs from this process
//    (its baseline in the same run).
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { now, pause, percentile, register, startServer, waitFor } from "./lib/site.mjs";

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error("set BENCH_DATABASE_URL");
const emails = Number(process.argv[2] ?? 50);
const pushes = Number(process.argv[3] ?? 1000);
// Subscriptions per recipient: each message fans out to this many pushes,
// so the pushes, not the sends, are what the server spends its time on.
const perRecipient = Number(process.argv[4] ?? 10);
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "souk-notify-bench-"));

// The push receiver: counts POSTs, answers 201 as push services do.
const arrivals = [];
const receiver = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    arrivals.push({ at: now(), path: req.url, encoding: req.headers["content-encoding"] });
    res.writeHead(201).end();
  });
});
await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}`;

const site = startServer({
  binary: process.env.SOUK_BIN ?? "target/release/souk",
  databaseUrl,
  port: 3093,
  env: {
    SOUK_NOTIFY_AFTER_S: "2",
    SOUK_MAIL_DIR: mailDir,
    SOUK_PUSH_ALLOW_INSECURE: "1",
    SOUK_LIMIT_MESSAGE_USER: "off",
    SOUK_LIMIT_CONVERSATION_USER: "off",
    SOUK_LIMIT_REGISTER_IP: "off",
  },
});
process.on("exit", () => site.server.kill());
await waitFor("the server", async () => (await site.call("GET", "/readyz")).status === 200, 60_000);

const post = (who, urlPath, body) => site.call("POST", urlPath, { cookie: who.cookie, body });

/** A browser's push subscription: a fresh P-256 key and secret. */
function subscription(endpoint) {
  const { publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const raw = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(raw.x, "base64url"), Buffer.from(raw.y, "base64url")]);
  return { endpoint, keys: { p256dh: point.toString("base64url"), auth: crypto.randomBytes(16).toString("base64url") } };
}

/** `count` recipients (away: they never open a page), each in a
 * conversation with one sender; `setup(recipient, i)` runs for each. */
async function conversations(count, setup = async () => {}) {
  const sender = await register(site, "Sender");
  const list = [];
  for (let i = 0; i < count; i++) {
    const recipient = await register(site, `Away${i}`);
    await setup(recipient, i);
    const res = await post(sender, "/api/messages/conversations", { recipientId: recipient.id });
    list.push({ sender, recipient, id: JSON.parse(res.text).data.id });
  }
  return list;
}

// ---- 1. emails
const mailTo = await conversations(emails);
const sentAt = new Map();
for (const c of mailTo) {
  const res = await post(c.sender, "/api/messages", { conversationId: c.id, content: `Hello ${c.recipient.email}` });
  if (res.status !== 201) throw new Error(`send: ${res.status} ${res.text}`);
  sentAt.set(c.recipient.email, now());
}
const delays = [];
await waitFor(`${emails} emails`, async () => {
  for (const file of fs.readdirSync(mailDir)) {
    if (!file.endsWith(".eml") || file.startsWith("seen-")) continue;
    const text = fs.readFileSync(path.join(mailDir, file), "utf8");
    const to = /^To: .*<([^>]+)>/m.exec(text)?.[1];
    if (sentAt.has(to)) delays.push(now() - sentAt.get(to));
    fs.renameSync(path.join(mailDir, file), path.join(mailDir, `seen-${file}`));
  }
  return delays.length >= emails;
}, 120_000);
await pause(3_000); // a second email for anyone would show now
const extra = fs.readdirSync(mailDir).filter((f) => !f.startsWith("seen-")).length;
console.log(`emails: ${delays.length} sent (${extra} extra), wait ${2_000} ms, job period 1000 ms`);
console.log(
  `  send to .eml: p50 ${percentile(delays, 50).toFixed(0)} ms, p95 ${percentile(delays, 95).toFixed(0)} ms, ` +
    `max ${Math.max(...delays).toFixed(0)} ms (floor 2000–3000 ms: the wait, then the next round)`,
);

// ---- 2. pushes
const pushTo = await conversations(pushes / perRecipient, async (recipient, i) => {
  for (let s = 0; s < perRecipient; s++) {
    const res = await post(recipient, "/api/push/subscriptions", subscription(`${receiverUrl}/push/${i}-${s}`));
    if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${res.text}`);
  }
});
arrivals.length = 0;
const started = now();
const sends = [];
await Promise.all(
  pushTo.map(async (c) => {
    const res = await post(c.sender, "/api/messages", { conversationId: c.id, content: "Still available?" });
    sends.push({ at: now(), status: res.status });
  }),
);
const sent = now();
await waitFor(`${pushes} pushes`, async () => arrivals.length >= pushes, 120_000);
const done = arrivals.at(-1).at;
const serverRate = pushes / ((done - started) / 1000);
const sendRate = sends.length / ((sent - started) / 1000);
console.log(`pushes: ${arrivals.length} received (all aes128gcm: ${arrivals.every((a) => a.encoding === "aes128gcm")})`);
console.log(
  `  ${serverRate.toFixed(0)} pushes/s through the queue (${pushTo.length} messages sent at ${sendRate.toFixed(0)}/s); ` +
    `last push ${(done - sent).toFixed(0)} ms after the last send`,
);

// Baseline: the same receiver taking plain POSTs from here, 16 at a time
// (the server's pushes in flight).
arrivals.length = 0;
const baselineStart = now();
let next = 0;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (next < pushes) {
      next++;
      await fetch(`${receiverUrl}/push/baseline`, { method: "POST", body: "x".repeat(200) });
    }
  }),
);
const baselineRate = pushes / ((now() - baselineStart) / 1000);
console.log(
  `  baseline: the receiver takes ${baselineRate.toFixed(0)} plain POSTs/s from this process; ` +
    `the server's pushes are ${((100 * serverRate) / baselineRate).toFixed(0)} % of that`,
);
site.server.kill();
receiver.close();
process.exit(0);
