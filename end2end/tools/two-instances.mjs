// Two server processes on one database: a message sent through one
// reaches an event stream open on the other, and the other's sync lists it.
//
//   TWO_DATABASE_URL=postgres://… node end2end/tools/two-instances.mjs
//
// Run by scripts/test; starts target/debug/souk twice (ports 3301, 3302).
import http from "node:http";
import { register, startServer, waitFor } from "./lib/site.mjs";

const databaseUrl = process.env.TWO_DATABASE_URL;
if (!databaseUrl) {
  console.error("set TWO_DATABASE_URL");
  process.exit(2);
}
const one = startServer({ databaseUrl, port: 3301 });
const two = startServer({ databaseUrl, port: 3302 });
let exitCode = 1;
try {
  for (const site of [one, two]) {
    await waitFor("a server", async () => (await site.call("GET", "/readyz")).status === 200, 60_000);
  }
  const alice = await register(one, "Alice");
  const bob = await register(one, "Bob");
  const started = await one.call("POST", "/api/messages/conversations", {
    cookie: bob.cookie,
    body: { recipientId: alice.id, adTitle: "Two instances" },
  });
  const conversationId = JSON.parse(started.text).data.id;

  // Alice's event stream, on the second process.
  const events = [];
  const stream = await new Promise((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port: 3302, path: "/api/messages/events", headers: { cookie: alice.cookie } },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`events: ${res.statusCode}`));
        res.setEncoding("utf8");
        res.on("data", (chunk) => events.push(chunk));
        resolve(req);
      },
    );
    req.on("error", reject);
  });

  // Bob sends through the first.
  const sent = await one.call("POST", "/api/messages", {
    cookie: bob.cookie,
    body: { conversationId, content: "Sent through one, heard on two" },
  });
  const messageId = JSON.parse(sent.text).data.id;
  await waitFor(
    "the message event on the other process",
    async () => events.join("").includes(messageId),
    5_000,
  );
  const synced = await two.call("GET", "/api/messages/sync", { cookie: alice.cookie });
  const answer = JSON.parse(synced.text).data;
  if (answer.unreadCount !== 1 || answer.conversations[0]?.lastMessage?.id !== messageId) {
    throw new Error(`the other process's sync does not list it: ${synced.text}`);
  }
  stream.destroy();
  console.log("two instances: a message sent through one reached the event stream and the sync of the other");
  exitCode = 0;
} catch (error) {
  console.error("two instances FAILED:", error);
} finally {
  one.server.kill("SIGTERM");
  two.server.kill("SIGTERM");
}
process.exit(exitCode);
