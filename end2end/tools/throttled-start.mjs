// How long a page takes to come alive on a slow phone: an empty cache,
// Chromium's CPU slowed 4x, and a 1.6 Mbit/s link with 150 ms round trips
// (the "slow 4G" most performance budgets use). For a listing page and
// the home page (logged out and in) and the messages page, it prints when the HTML
// arrived, when the page's code had loaded and made the page live
// (`__SOUK_HYDRATED`), and when the network went idle, each the median of
// a few loads. Run it against a release build with the demo data:
//   node end2end/tools/throttled-start.mjs [runs]   # SOUK_URL, default :3000
import { chromium } from "@playwright/test";
import { logInAsAlice } from "./lib/demo.mjs";
import { pageIsLive } from "./lib/live.mjs";

const base = process.env.SOUK_URL ?? "http://127.0.0.1:3000";
const runs = Number(process.argv[2] ?? 3);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One throttled load of `path` in a fresh page with an empty cache. */
async function load(context, path) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const started = Date.now();
  await page.goto(base + path, { waitUntil: "commit" });
  const html = Date.now() - started;
  await page.waitForFunction(pageIsLive, null, { timeout: 120_000 });
  const live = Date.now() - started;
  await page.waitForLoadState("networkidle");
  const idle = Date.now() - started;
  await page.close();
  return { html, live, idle };
}

async function measure(what, context, path) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await load(context, path));
  const pick = (key) => `${(median(results.map((r) => r[key])) / 1000).toFixed(2)} s`;
  console.log(`${what.padEnd(34)} HTML ${pick("html")}  live ${pick("live")}  network idle ${pick("idle")}`);
}

const anonymous = await browser.newContext();
const alice = await browser.newContext();
const listing = await logInAsAlice(alice, base);
console.log(`4x CPU slowdown, 1.6 Mbit/s, 150 ms; median of ${runs} loads with an empty cache\n`);
await measure("listing page, logged out", anonymous, `/listings/${listing}`);
await measure("listing page, logged in", alice, `/listings/${listing}`);
await measure("home page, logged out", anonymous, "/");
await measure("home page, logged in", alice, "/");
await measure("messages page", alice, "/dashboard/messages");
await browser.close();
