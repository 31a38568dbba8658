// Drives the running demo site as alice and bob side by side and saves
// screenshots of every page, narrow (360 px) and wide (1440 px), so a
// person can look at them. Not a test: run it by hand against
// `scripts/run`:  node end2end/tools/screenshots.mjs [out-dir]
// SHOTS_LANG=fr takes French browsers and the French demo users (hugo
// writes to camille) instead.
import { chromium } from "@playwright/test";
import { pageIsLive } from "./lib/live.mjs";

const base = process.env.SOUK_URL ?? "http://127.0.0.1:3000";
const stamp = new Date().toISOString().slice(11, 19);
const out = process.argv[2] ?? "/tmp/souk-shots";
const french = process.env.SHOTS_LANG === "fr";
// What the pages say, and who plays, in each language.
const say = french
  ? {
      locale: "fr-FR", email: "E-mail", password: "Mot de passe", name: "Nom", logIn: "Se connecter",
      account: "Autres actions du compte", createAccount: "Créer mon compte", send: "Envoyer", report: "Signaler",
      actions: "Actions sur la conversation", contact: /Contacter/,
      writer: { email: "hugo@example.com", name: "Hugo" }, seller: { email: "camille@example.com", name: "Camille" },
      listing: /Canapé trois places/,
      ask: "Bonjour Camille, le canapé est-il toujours disponible ?", answer: "Oui ! Passez samedi",
      after: "Je suis là après 10 h.",
    }
  : {
      locale: "en-US", email: "Email", password: "Password", name: "Name", logIn: "Log in",
      account: "More account actions", createAccount: "Create account", send: "Send", report: "Report",
      actions: "Conversation actions", contact: /Contact/,
      writer: { email: "alice@example.com", name: "Alice" }, seller: { email: "bob@example.com", name: "Bob" },
      listing: /Oak dining table/,
      ask: "Hello Bob, is the table still available?", answer: "Yes it is! Come by on Saturday",
      after: "I am home after 10.",
    };
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

async function open(width) {
  const ctx = await browser.newContext({ viewport: { width, height: width < 500 ? 760 : 900 }, locale: say.locale });
  const page = await ctx.newPage();
  page.on("console", (m) => { if (m.type() === "error") console.log(`[${width}] console error:`, m.text()); });
  page.on("pageerror", (e) => console.log(`[${width}] page error:`, e.message));
  return page;
}
const hydrated = (page) => page.waitForFunction(pageIsLive);
async function login(page, email) {
  await page.goto(base + "/login");
  await hydrated(page);
  await page.getByLabel(say.email).fill(email);
  await page.getByLabel(say.password).fill("password123");
  await page.getByRole("button", { name: say.logIn }).click();
  await page.getByLabel(say.account).waitFor();
}
const shot = (page, name, width, fullPage = true) =>
  page.screenshot({ path: `${out}/${name}-${width}.png`, fullPage });

for (const width of [1440, 360]) {
  const anon = await open(width);
  await anon.goto(base + "/"); await hydrated(anon);
  await shot(anon, "home-anon", width);
  await anon.goto(base + "/login"); await hydrated(anon);
  await anon.getByLabel(say.email).fill(say.writer.email);
  await anon.getByLabel(say.password).fill("not the password");
  await anon.getByRole("button", { name: say.logIn }).click();
  await anon.getByRole("alert").waitFor();
  await shot(anon, "login-error", width);
  await anon.goto(base + "/register"); await hydrated(anon);
  await shot(anon, "register", width);

  const alice = await open(width);
  await login(alice, say.writer.email);
  await alice.goto(base + "/"); await hydrated(alice);
  await shot(alice, "home", width);
  await alice.goto(base + "/listings/new"); await hydrated(alice);
  await shot(alice, "new-listing", width);
  await alice.goto(base + "/"); await hydrated(alice);
  await alice.getByRole("link", { name: say.listing }).first().click();
  await alice.getByRole("heading", { level: 1 }).waitFor(); await hydrated(alice);
  await shot(alice, "listing", width);
  await alice.getByRole("button", { name: say.contact }).click();
  await alice.waitForURL(/conversation=/); await hydrated(alice);
  await alice.getByRole("textbox", { name: "Message" }).fill(`${say.ask} (${width} ${stamp})`);
  await alice.getByRole("button", { name: say.send }).click();
  await alice.getByRole("log").getByText(`(${width} ${stamp})`).waitFor();
  await shot(alice, "thread", width, false);

  const bob = await open(width);
  await login(bob, say.seller.email);
  await bob.goto(base + "/"); await hydrated(bob);
  await bob.locator('[data-testid="unread-count"]:not([hidden])').waitFor();
  await shot(bob, "badge", width, false);
  await bob.goto(base + "/dashboard/messages"); await hydrated(bob);
  await shot(bob, "inbox", width, false);
  await bob.getByRole("link", { name: new RegExp(say.writer.name) }).first().click();
  await bob.getByRole("textbox", { name: "Message" }).fill(`${say.answer} (${stamp}).\n${say.after}`);
  await bob.getByRole("button", { name: say.send }).click();
  await alice.getByRole("log").getByText(`${say.answer} (${stamp})`).waitFor();
  await shot(bob, "thread-bob", width, false);
  await bob.getByLabel(say.actions).click();
  await shot(bob, "thread-menu", width, false);
  await bob.getByRole("button", { name: say.report, exact: true }).click();
  await shot(bob, "thread-report", width, false);
  await bob.getByLabel(say.actions).click();
  await shot(alice, "thread-reply", width, false);
  await alice.goto(base + "/dashboard/messages?conversation=00000000-0000-0000-0000-000000000000");
  await hydrated(alice);
  await shot(alice, "not-found", width, false);
  await alice.context().close(); await bob.context().close(); await anon.context().close();
}

// A fresh account sees the empty inbox.
const fresh = await open(1440);
const email = `shots-${Date.now()}@example.com`;
await fresh.goto(base + "/register"); await hydrated(fresh);
await fresh.getByLabel(say.name).fill("Carol");
await fresh.getByLabel(say.email).fill(email);
await fresh.getByLabel(say.password).fill("password123");
await fresh.getByRole("button", { name: say.createAccount }).click();
await fresh.getByLabel(say.account).waitFor();
await fresh.goto(base + "/dashboard/messages"); await hydrated(fresh);
await shot(fresh, "inbox-empty", 1440, false);
await fresh.setViewportSize({ width: 360, height: 760 });
await shot(fresh, "inbox-empty", 360, false);
await fresh.goto(base + "/settings"); await hydrated(fresh);
await shot(fresh, "settings", 360);
await fresh.setViewportSize({ width: 1440, height: 900 });
await shot(fresh, "settings", 1440);

// Every page as it is before its code arrives (or when it never does):
// the server's HTML alone, with the scripts and WebAssembly blocked.
for (const width of [1440, 360]) {
  const page = await open(width);
  await page.context().route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  await page.goto(base + "/");
  await shot(page, "nocode-home-anon", width);
  const listing = await page.locator("a[href^='/listings/']:not([href='/listings/new'])").first().getAttribute("href");
  await page.goto(base + listing);
  await shot(page, "nocode-listing-anon", width);
  await page.goto(base + "/login");
  await page.getByLabel(say.email).fill(say.seller.email);
  await page.getByLabel(say.password).fill("password123");
  await page.getByRole("button", { name: say.logIn }).click();
  await page.getByLabel(say.account).waitFor();
  await shot(page, "nocode-home", width);
  await page.goto(base + "/dashboard/messages");
  await shot(page, "nocode-inbox", width, false);
  const conversation = page.locator("a[href*='conversation=']").first();
  if (await conversation.count()) {
    await page.goto(base + (await conversation.getAttribute("href")));
    await shot(page, "nocode-thread", width, false);
  }
  await page.goto(base + "/settings");
  await shot(page, "nocode-settings", width);
  await page.goto(base + "/listings/new");
  await shot(page, "nocode-new-listing", width);
  await page.context().close();
}
await browser.close();
console.log(`screenshots in ${out}`);
