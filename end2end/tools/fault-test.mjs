// Fault test: messages keep coming while PostgreSQL is stopped for 5 s and
// started again. Checks that every message answered 201 is stored exactly
// once, that retrying the failed ones (same clientId) stores exactly one
// each, that the server answered every request (sends, reads, the home
// page) within 1 s, and that it recovered by itself within 5 s of the
// database being back. The server reaches the database over TCP, through
// a door on loopback that refuses connections while the database is
// stopped, as a database host does (a Unix socket fails differently).
//
//   FAULT_DATABASE_URL=postgres://… TEST_PG_DIR=… node end2end/tools/fault-test.mjs
//
// Run by scripts/test after the browser tests (it stops and starts the
// test cluster at TEST_PG_DIR through scripts/setup.sh). Starts its own
// server (target/debug/souk) on FAULT_PORT (default 3300).
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import net from "node:net";
import { pause, register, root, startServer, waitFor, now } from "./lib/site.mjs";

const databaseUrl = process.env.FAULT_DATABASE_URL;
const port = Number(process.env.FAULT_PORT ?? 3300);
const OUTAGE_MS = 5_000;
const ANSWER_WITHIN_MS = 1_000;
const RECOVER_WITHIN_MS = 5_000;
const SEND_EVERY_MS = 150; // per user
const PAIRS = 3;

if (!databaseUrl || !process.env.TEST_PG_DIR) {
  console.error("set FAULT_DATABASE_URL and TEST_PG_DIR");
  process.exit(2);
}

function postgres(action) {
  execFileSync("bash", ["-c", `source scripts/setup.sh && test_postgres_ctl ${action}`], {
    cwd: root,
    stdio: "inherit",
  });
}

/** A TCP port on loopback that forwards to the test cluster's Unix socket
 * while open, and refuses connections while closed. */
function tcpDoor(socketPath) {
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(socketPath);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  let port = 0;
  return {
    open: () =>
      new Promise((resolve) =>
        server.listen(port, "127.0.0.1", () => {
          port = server.address().port;
          resolve(port);
        }),
      ),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Every send, by clientId: its content, sender and first answer. */
const sends = new Map();
const answers = []; // {at, status, ms}

/** Reads during the load: the list of conversations and the home page. */
const reads = []; // {at, path, status, ms}

async function read(user, path) {
  const res = await site.call("GET", path, { cookie: user.cookie, timeoutMs: ANSWER_WITHIN_MS + 2_000 });
  reads.push({ at: now(), path, status: res.status, ms: res.ms });
}

async function send(user, conversationId, clientId, content) {
  const res = await site.call("POST", "/api/messages", {
    cookie: user.cookie,
    body: { conversationId, content, clientId },
    timeoutMs: ANSWER_WITHIN_MS + 2_000,
  });
  answers.push({ at: now(), status: res.status, ms: res.ms });
  return res;
}

const socketDir = new URL(databaseUrl).searchParams.get("host");
const door = tcpDoor(`${socketDir}/.s.PGSQL.5432`);
const doorPort = await door.open();
const site = startServer({
  databaseUrl: `postgres://souk@127.0.0.1:${doorPort}${new URL(databaseUrl).pathname}`,
  port,
  // This test is about durability, not about limits.
  env: { SOUK_LIMIT_REGISTER_IP: "off", SOUK_LIMIT_MESSAGE_USER: "off" },
});
let exitCode = 1;
try {
  await waitFor("the server", async () => (await site.call("GET", "/readyz")).status === 200, 60_000);

  const senders = [];
  for (let i = 0; i < PAIRS; i++) {
    const [a, b] = [await register(site, `Ann${i}`), await register(site, `Ben${i}`)];
    const res = await site.call("POST", "/api/messages/conversations", {
      cookie: a.cookie,
      body: { recipientId: b.id, adTitle: `fault ${i}` },
    });
    if (!String(res.status).startsWith("2")) throw new Error(`conversation: ${res.status} ${res.text}`);
    const conversationId = JSON.parse(res.text).data.id;
    senders.push({ user: a, conversationId }, { user: b, conversationId });
  }

  // Steady load from every sender until told to stop.
  let loading = true;
  const inFlight = new Set();
  const tickers = senders.map(({ user, conversationId }) =>
    setInterval(() => {
      if (!loading) return;
      const clientId = randomUUID();
      const content = `fault ${clientId}`;
      const entry = { user, conversationId, content, first: null };
      sends.set(clientId, entry);
      const p = send(user, conversationId, clientId, content).then((res) => {
        entry.first = res;
      });
      inFlight.add(p);
      p.finally(() => inFlight.delete(p));
    }, SEND_EVERY_MS),
  );
  const reader = senders[0].user;
  const readTicker = setInterval(() => {
    if (!loading) return;
    for (const path of ["/api/messages/conversations", "/"]) {
      const p = read(reader, path);
      inFlight.add(p);
      p.finally(() => inFlight.delete(p));
    }
  }, SEND_EVERY_MS * 2);

  await pause(2_000); // load before the outage
  const stopIssued = now();
  await door.close();
  postgres("stop");
  const stopped = now();
  await pause(OUTAGE_MS); // the outage itself
  postgres("start");
  await door.open();
  const back = now();
  await waitFor(
    "a stored message after the restart",
    async () => answers.some((a) => a.at > back && a.status === 201),
    RECOVER_WITHIN_MS + 5_000,
  );
  const recoveredAt = answers.find((a) => a.at > back && a.status === 201).at;
  await pause(2_000); // load after recovery
  loading = false;
  tickers.forEach(clearInterval);
  clearInterval(readTicker);
  await Promise.all([...inFlight]);

  // Retry what failed, with the same clientId, as the page's outbox does.
  let retried = 0;
  for (const [clientId, entry] of sends) {
    if (entry.first.status === 201) continue;
    retried += 1;
    let res;
    await waitFor(
      `the retry of ${clientId} to be stored`,
      async () => {
        res = await send(entry.user, entry.conversationId, clientId, entry.content);
        return res.status === 201 || res.status === 200;
      },
      10_000,
    );
    entry.retry = res;
  }

  // What the database holds: one row per clientId, each exactly once?
  const rows = execFileSync(
    "psql",
    [
      databaseUrl,
      "-At",
      "-F",
      " ",
      "-c",
      `SELECT content, count(*) FROM messages
       WHERE conversation_id IN (${[...new Set(senders.map((s) => `'${s.conversationId}'`))].join(",")})
       GROUP BY content`,
    ],
    { encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(" "));
  const stored = new Map(rows.map(([, id, count]) => [id, Number(count)]));
  const acknowledged = [...sends].filter(([, e]) => e.first.status === 201).map(([id]) => id);
  const lost = [...sends.keys()].filter((id) => !stored.has(id)).length;
  const duplicated = [...stored.values()].filter((n) => n > 1).length;
  const unexpected = [...stored.keys()].filter((id) => !sends.has(id)).length;
  const slowest = Math.max(...answers.map((a) => a.ms));
  const slowestRead = Math.max(...reads.map((r) => r.ms));
  const unanswered = [...answers, ...reads].filter((a) => a.status === 0).length;
  const readsInOutage = reads.filter((r) => r.at > stopIssued && r.at < back);
  const readStatuses = {};
  for (const r of readsInOutage) readStatuses[`${r.path} ${r.status}`] = (readStatuses[`${r.path} ${r.status}`] ?? 0) + 1;
  const byStatus = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const duringOutage = answers.filter((a) => a.at > stopIssued && a.at < back);
  const outageStatuses = {};
  for (const a of duringOutage) outageStatuses[a.status] = (outageStatuses[a.status] ?? 0) + 1;
  const recoverMs = recoveredAt - back;

  console.log(
    [
      `fault test: database stopped for ${((back - stopped) / 1000).toFixed(1)} s`,
      `  messages sent ${sends.size}, acknowledged 201 at first try ${acknowledged.length}, failed and retried ${retried}`,
      `  stored ${stored.size}, lost ${lost}, duplicated ${duplicated}, unexpected ${unexpected}`,
      `  answers by status ${JSON.stringify(byStatus)}; during the outage ${JSON.stringify(outageStatuses)}`,
      `  reads during the outage ${JSON.stringify(readStatuses)}`,
      `  slowest answer: send ${slowest.toFixed(0)} ms, read ${slowestRead.toFixed(0)} ms; unanswered ${unanswered}`,
      `  recovered ${recoverMs.toFixed(0)} ms after the database was back`,
    ].join("\n"),
  );
  const problems = [];
  if (lost) problems.push(`${lost} lost`);
  if (duplicated) problems.push(`${duplicated} duplicated`);
  if (unexpected) problems.push(`${unexpected} unexpected`);
  if (Math.max(slowest, slowestRead) > ANSWER_WITHIN_MS || unanswered)
    problems.push(`an answer took over ${ANSWER_WITHIN_MS} ms`);
  if (!readsInOutage.length || readsInOutage.some((r) => r.path.startsWith("/api") && r.status !== 503 && r.status !== 200))
    problems.push("during the outage the API's reads must answer 503 (or 200 before the stop took effect)");
  if (readsInOutage.some((r) => r.path === "/" && r.status >= 500 && r.status !== 503))
    problems.push("during the outage the home page must render (or say 503)");
  if (recoverMs > RECOVER_WITHIN_MS) problems.push("recovery took over 5 s");
  if (!duringOutage.length || duringOutage.some((a) => a.status !== 503 && a.status !== 201))
    problems.push("during the outage every answer must be 503 (or 201 before the stop took effect)");
  if (problems.length) console.error(`fault test FAILED: ${problems.join(", ")}`);
  else exitCode = 0;
} catch (error) {
  console.error("fault test FAILED:", error);
} finally {
  site.server.kill("SIGTERM");
  await door.close();
}
process.exit(exitCode);
