// Delivery between two real browsers (not a test): Bob sends, Alice has the
// conversation open; the time from the send to the message showing in her
// thread, with the event stream and with it blocked (the 3-second tick).
//
//   node end2end/tools/delivery-bench.mjs [messages]     # SOUK_URL, default http://127.0.0.1:3000
//
// Needs a running demo site (release build, SOUK_DEMO=1).
import { chromium } from "@playwright/test";
import { pageIsLive } from "./lib/live.mjs";
import { percentile } from "./lib/site.mjs";

const base = process.env.SOUK_URL ?? "http://127.0.0.1:3000";
const count = Number(process.argv[2] ?? 20);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});

async function as(email) {
  const context = await browser.newContext({ baseURL: base });
  const res = await context.request.post("/api/auth/login", { data: { email, password: "password123" } });
  if (!res.ok()) throw new Error(`login ${email}: ${res.status()}`);
  return context;
}

const alice = await as("alice@example.com");
const bob = await as("bob@example.com");
const aliceId = (await (await alice.request.get("/api/auth/me")).json()).data.id;
const conv = (
  await (await bob.request.post("/api/messages/conversations", { data: { recipientId: aliceId, adTitle: "Delivery" } })).json()
).data.id;

async function measure(blockStream) {
  const page = await alice.newPage();
  if (blockStream) await page.route("**/api/messages/events", (route) => route.abort());
  await page.goto(`/dashboard/messages?conversation=${conv}`);
  await page.waitForFunction(pageIsLive);
  // Records when each text first shows in the thread.
  await page.evaluate(() => {
    window.__seen = {};
    const log = document.querySelector('[role="log"]');
    new MutationObserver(() => {
      for (const p of log.querySelectorAll(".bubble-text")) {
        if (!(p.textContent in window.__seen)) window.__seen[p.textContent] = Date.now();
      }
    }).observe(log, { childList: true, subtree: true, characterData: true });
  });
  await page.waitForTimeout(1_000);
  const delays = [];
  for (let i = 0; i < count; i++) {
    const text = `delivery ${blockStream ? "polled" : "pushed"} ${Date.now()} ${i}`;
    const sentAt = Date.now();
    await bob.request.post("/api/messages", { data: { conversationId: conv, content: text } });
    await page.waitForFunction((t) => t in window.__seen, text, { timeout: 10_000 });
    delays.push((await page.evaluate((t) => window.__seen[t], text)) - sentAt);
    // Spread the sends over the tick, as real messages would be.
    await page.waitForTimeout(300 + Math.random() * 700);
  }
  await page.close();
  return delays;
}

for (const blocked of [false, true]) {
  const delays = await measure(blocked);
  console.log(
    `${blocked ? "stream blocked (3-second tick)" : "with the event stream"}: ${count} messages, ` +
      `p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms, max ${Math.max(...delays)} ms`,
  );
}
await browser.close();
