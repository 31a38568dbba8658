// Prints what a visitor downloads to bring each page to life: every script
// and WebAssembly file the page loads, raw and gzip -9, and checks the
// WebAssembly of a listing page against its budget of 250 KB gzip. Run it against a release build with the
// demo data (see README, "Measuring"):
//   node end2end/tools/page-weight.mjs            # SOUK_URL, default :3000
import { chromium } from "@playwright/test";
import { kb, WASM_BUDGET_GZIP, weigh } from "./lib/weight.mjs";

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
  await page.waitForFunction(() => window.__SOUK_HYDRATED === true);
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
  return sum(wasm, "gzip");
}

const context = await browser.newContext();
const anonymous = await browser.newContext();
const login = await context.newPage();
await login.goto(base + "/login");
await login.waitForFunction(() => window.__SOUK_HYDRATED === true);
await login.getByLabel("Email").fill("alice@example.com");
await login.getByLabel("Password").fill("password123");
await login.getByRole("button", { name: "Log in" }).click();
await login.getByRole("button", { name: "Log out" }).waitFor();
const listing = await login.evaluate(async () => {
  const all = (await (await fetch("/api/listings")).json()).data;
  return all.find((l) => l.seller.name === "Bob").id;
});
await login.close();

const listingGzip = report(`listing page, logged out (/listings/${listing})`, await codeOf(anonymous, `/listings/${listing}`));
report(`listing page, logged in`, await codeOf(context, `/listings/${listing}`));
report("messages page, logged in (/dashboard/messages)", await codeOf(context, "/dashboard/messages"));
const verdict = listingGzip <= WASM_BUDGET_GZIP ? "within" : "OVER";
console.log(`\nWebAssembly budget of a listing page: ${kb(WASM_BUDGET_GZIP)} gzip; this build: ${kb(listingGzip)} (${verdict})`);
await browser.close();
