import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run","--disable-quic"] });
const base = "http://127.0.0.1:3200";
const t00 = Date.now();
let t = Date.now();
const lap = (what) => { const now = Date.now(); console.log(`${what}: ${now - t} ms`); t = now; };
const hydrated = (page) => page.waitForFunction(() => window.__SOUK_HYDRATED === true);
async function newUser(name) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/register"); await hydrated(page); lap("  /register hydrated");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(`${name}-${Date.now()}@x.com`);
  await page.getByLabel("Password").fill("correct horse");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: "Log out" }).waitFor(); lap("  registered");
  return { context, page };
}
const tag = Date.now().toString(36);
const seller = await newUser(`Sam${tag}`);
await seller.page.goto("/listings/new"); await hydrated(seller.page); lap("  /listings/new hydrated");
await seller.page.getByLabel("Title").fill(`Chair ${tag}`);
await seller.page.getByLabel("Description").fill(`A fine chair`);
await seller.page.getByLabel("Price").fill("80");
await seller.page.getByRole("button", { name: "Publish" }).click();
await seller.page.getByRole("heading", { level: 1, name: `Chair ${tag}` }).waitFor(); lap("  published");
const path = new URL(seller.page.url()).pathname;
const buyer = await newUser(`Bea${tag}`);
for (let i = 0; i < 2; i++) {
  await buyer.page.goto(path); await hydrated(buyer.page); lap("  listing hydrated");
  await buyer.page.getByRole("button", { name: `Contact Sam${tag}` }).click();
  await buyer.page.waitForURL(/conversation=/); lap("  contact -> url");
  await buyer.page.getByRole("log").waitFor(); await hydrated(buyer.page); lap("  messages hydrated");
}
console.log(`total ${Date.now() - t00} ms`);
await browser.close();
