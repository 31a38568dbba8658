// Prints what a visitor downloads to bring each page to life: every script
// and WebAssembly file the page loads until the network is idle, raw and
// gzip -9, and checks the code of a listing page and of the home page
// (logged out and in) against their budget of 100 KB gzip. Run it against
// a release build with the demo data (see README, "Page weight"):
//   node end2end/tools/page-weight.mjs            # SOUK_URL, default :3000
import { chromium } from "@playwright/test";
import { logInAsAlice } from "./lib/demo.mjs";
import { pageIsLive } from "./lib/live.mjs";
import { CODE_BUDGET_GZIP, kb, weigh } from "./lib/weight.mjs";

const base = process.env.SOUK_URL ?? "http://127.0.0.1:3000";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});

/** Loads `path` in a fresh page and returns the code it fetched. */
async function codeOf(context, path) {
  const page = await context.newPage();
  const files = new Map();
  page.on("response", async (response) => {
    const url = new URL(response.url());
    if (!/\.(wasm|js)$/.test(url.pathname)) return;
    const body = await response.body().catch(() => null);
    if (body) files.set(url.pathname, body);
  });
  await page.goto(base + path);
  await page.waitForFunction(pageIsLive);
  await page.waitForLoadState("networkidle");
  await page.close();
  return [...files].map(([name, body]) => ({ name, ...weigh(body) }));
}

function report(what, files) {
  const sum = (list, key) => list.reduce((total, f) => total + f[key], 0);
  const wasm = files.filter((f) => f.name.endsWith(".wasm"));
  const line = (name, raw, gzip) =>
    console.log(`  ${name.padEnd(64)} ${kb(raw).padStart(10)} ${kb(gzip).padStart(10)} gzip`);
  console.log(`\n${what}`);
  for (const f of files) line(f.name, f.raw, f.gzip);
  line("WebAssembly", sum(wasm, "raw"), sum(wasm, "gzip"));
  line("all code (WebAssembly and JavaScript)", sum(files, "raw"), sum(files, "gzip"));
  return sum(files, "gzip");
}

const context = await browser.newContext();
const anonymous = await browser.newContext();
const listing = await logInAsAlice(context, base);

const budgeted = [
  ["listing page, logged out", report(`listing page, logged out (/listings/${listing})`, await codeOf(anonymous, `/listings/${listing}`))],
  ["listing page, logged in", report("listing page, logged in", await codeOf(context, `/listings/${listing}`))],
  ["home page, logged out", report("home page, logged out (/)", await codeOf(anonymous, "/"))],
  ["home page, logged in", report("home page, logged in", await codeOf(context, "/"))],
];
report("messages page, logged in (/dashboard/messages)", await codeOf(context, "/dashboard/messages"));
report("settings page, logged in (/settings)", await codeOf(context, "/settings"));

console.log(`\nBudget of a listing page and the home page: ${kb(CODE_BUDGET_GZIP)} gzip of code`);
let over = false;
for (const [what, gzip] of budgeted) {
  const verdict = gzip <= CODE_BUDGET_GZIP ? "within" : "OVER";
  over ||= gzip > CODE_BUDGET_GZIP;
  console.log(`  ${what.padEnd(26)} ${kb(gzip).padStart(10)}  ${verdict}`);
}
await browser.close();
process.exitCode = over ? 1 : 0;
