// What one delivered message costs the database. A recipient holds 0, 1
// and 3 tabs open, each with its event stream and the conversation on
// screen; a sender sends N messages. Each tab does what the page does with
// a message event: applies it and reads the conversation (`events`, the
// default), or, as the page did before, syncs (`sync`). From the first
// send until every tab has every message and its request answered, it
// counts the transactions PostgreSQL committed
// (`pg_stat_database.xact_commit`) and, when `pg_stat_statements` is
// loaded, the statements it ran, less what the idle server (its background
// jobs) does in as long, measured just before. Against a release build, on
// a database of its own:
//   cargo leptos build --release --split
//   BENCH_DATABASE_URL=postgres://… node end2end/tools/change-cost.mjs [N] [events|sync]
import http from "node:http";
import { execFileSync } from "node:child_process";
import { now, pause, register, startServer, waitFor } from "./lib/site.mjs";

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) {
  console.error("set BENCH_DATABASE_URL");
  process.exit(2);
}
const sends = Number(process.argv[2] ?? 20);
const page = process.argv[3] ?? "events";
if (!["events", "sync"].includes(page)) throw new Error(`events or sync, not ${page}`);
const port = Number(process.env.BENCH_PORT ?? 3600);
const site = startServer({
  binary: process.env.SOUK_BIN ?? "target/release/souk",
  databaseUrl,
  port,
  env: { SOUK_LIMIT_MESSAGE_USER: "off", SOUK_LIMIT_REGISTER_IP: "off" },
});

const sql = (query) =>
  execFileSync("psql", [databaseUrl, "-At", "-c", query], { encoding: "utf8" }).trim();

/** What the database has done so far: commits, and statements if counted. */
function counters() {
  const commits = Number(sql("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"));
  let statements = null;
  try {
    statements = Number(
      sql(
        "SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
      ),
    );
  } catch {
    // pg_stat_statements is not loaded: commits only.
  }
  // The two queries above are themselves one commit each.
  return { commits, statements };
}

/** A tab: its event stream, and after each message event a read of the
 * conversation (or a sync). */
function openTab(user, conversationId) {
  const tab = { messages: 0, syncs: 0, reads: 0, pending: 0 };
  let cursor = null;
  let etag = null;
  const sync = async () => {
    tab.pending += 1;
    const query = new URLSearchParams({ conversationId });
    if (cursor) query.set("since", cursor);
    const res = await fetch(`${site.base}/api/messages/sync?${query}`, {
      headers: { cookie: user.cookie, ...(etag ? { "if-none-match": etag } : {}) },
    });
    if (res.status === 200) {
      cursor = (await res.json()).data.cursor;
      etag = res.headers.get("etag");
    } else {
      await res.arrayBuffer();
    }
    tab.syncs += 1;
    tab.pending -= 1;
  };
  const read = async () => {
    tab.pending += 1;
    const res = await fetch(`${site.base}/api/messages/conversations/${conversationId}/read`, {
      method: "POST",
      headers: { cookie: user.cookie },
    });
    await res.arrayBuffer();
    tab.reads += 1;
    tab.pending -= 1;
  };
  tab.ready = new Promise((resolve) => {
    tab.request = http.get(
      { host: "127.0.0.1", port, path: "/api/messages/events", headers: { cookie: user.cookie } },
      (res) => {
        resolve();
        let buffer = "";
        res.on("data", (chunk) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (/^event: message$/m.test(block)) {
              tab.messages += 1;
              if (page === "sync") sync();
              else read();
            }
          }
        });
      },
    );
  });
  tab.close = () => tab.request.destroy();
  tab.first = sync(); // the page's first sync
  return tab;
}

async function measure(tabs, sender, recipient, conversationId) {
  const open = Array.from({ length: tabs }, () => openTab(recipient, conversationId));
  await Promise.all(open.map((t) => t.ready));
  await Promise.all(open.map((t) => t.first));
  await pause(500);

  // The idle server's own work (email, presence and housekeeping jobs).
  const idleFrom = counters();
  const idleStart = now();
  await pause(3_000);
  const idleTo = counters();
  const idleMs = now() - idleStart;

  const from = counters();
  const started = now();
  for (let i = 0; i < sends; i++) {
    const res = await site.call("POST", "/api/messages", {
      cookie: sender.cookie,
      body: { conversationId, content: `cost ${tabs} ${i}`, clientId: crypto.randomUUID() },
    });
    if (res.status !== 201) throw new Error(`send: ${res.status} ${res.text}`);
    await pause(50);
  }
  await waitFor(
    "every tab to have every message and its requests answered",
    async () => open.every((t) => t.messages >= sends && t.pending === 0),
    30_000,
  );
  const to = counters();
  const ms = now() - started;
  open.forEach((t) => t.close());

  const perMessage = (a, b, idleA, idleB) => {
    if (a === null || b === null) return null;
    const idle = ((idleB - idleA) * ms) / idleMs;
    return (b - a - idle - 1) / sends; // less counters()'s own commit
  };
  return {
    tabs,
    commits: perMessage(from.commits, to.commits, idleFrom.commits, idleTo.commits),
    statements: perMessage(from.statements, to.statements, idleFrom.statements, idleTo.statements),
    syncs: open.reduce((n, t) => n + t.syncs, 0) / sends,
    reads: open.reduce((n, t) => n + t.reads, 0) / sends,
  };
}

let exitCode = 1;
try {
  await waitFor("the server", async () => (await site.call("GET", "/readyz")).status === 200, 60_000);
  const rows = [];
  for (const tabs of [0, 1, 3]) {
    const [sender, recipient] = [await register(site, "Sender"), await register(site, "Recipient")];
    const res = await site.call("POST", "/api/messages/conversations", {
      cookie: sender.cookie,
      body: { recipientId: recipient.id, adTitle: `cost ${tabs}` },
    });
    const conversationId = JSON.parse(res.text).data.id;
    rows.push(await measure(tabs, sender, recipient, conversationId));
  }
  const fmt = (n) => (n === null ? "not counted" : n.toFixed(1));
  console.log(`per delivered message (${sends} messages, the page's ${page}; idle work subtracted):`);
  for (const r of rows) {
    console.log(
      `  ${String(r.tabs).padStart(1)} tab(s): ${fmt(r.commits)} commits, ${fmt(r.statements)} statements, ${r.syncs.toFixed(1)} syncs, ${r.reads.toFixed(1)} reads`,
    );
  }
  exitCode = 0;
} catch (error) {
  console.error("change-cost FAILED:", error);
} finally {
  site.server.kill("SIGTERM");
}
process.exit(exitCode);
