// Drives the running demo site: alice records a voice message for bob,
// then calls him while he is on the home page; saves screenshots of the
// voice message, the incoming call, the call itself and its line, narrow
// (360 px) and wide (1440 px). Not a test: run it by hand against
// `scripts/run`:  node end2end/tools/call-shots.mjs [out-dir]
import { chromium } from "@playwright/test";
import { pageIsLive } from "./lib/live.mjs";

const base = process.env.SOUK_URL ?? "http://127.0.0.1:3000";
const out = process.argv[2] ?? "/tmp/souk-call-shots";
const voice = new URL("../fixtures/voice.wav", import.meta.url).pathname;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-audio-capture=${voice}`, "--autoplay-policy=no-user-gesture-required"],
});
const hydrated = (page) => page.waitForFunction(pageIsLive);

async function open(width, email) {
  const ctx = await browser.newContext({ viewport: { width, height: width < 500 ? 760 : 900 } });
  const page = await ctx.newPage();
  page.on("console", (m) => { if (m.type() === "error") console.log(`[${width}] console error:`, m.text()); });
  page.on("pageerror", (e) => console.log(`[${width}] page error:`, e.message));
  await page.goto(base + "/login");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByLabel("More account actions").waitFor();
  return page;
}
const shot = (page, name, width) => page.screenshot({ path: `${out}/${name}-${width}.png` });

for (const width of [1440, 360]) {
  const alice = await open(width, "alice@example.com");
  const bob = await open(width, "bob@example.com");
  await alice.goto(base + "/");
  await alice.getByRole("link", { name: /Oak dining table/ }).first().click();
  await hydrated(alice);
  await alice.getByRole("button", { name: /Contact/ }).click();
  await alice.getByRole("log").waitFor();
  await hydrated(alice);

  await alice.getByRole("button", { name: "Record voice message" }).click();
  await alice.getByText(/Recording… 0:02/).waitFor();
  await shot(alice, "voice-recording", width);
  await alice.getByRole("button", { name: "Stop" }).click();
  await alice.getByRole("log").getByRole("group", { name: /Voice message/ }).last().waitFor();
  await shot(alice, "voice-sent", width);

  await bob.goto(base + "/");
  await hydrated(bob);
  await alice.getByRole("button", { name: "Video call" }).click();
  await bob.getByRole("alertdialog", { name: "Incoming video call" }).waitFor();
  await shot(alice, "call-calling", width);
  await shot(bob, "call-incoming", width);
  await bob.getByRole("button", { name: "Accept" }).click();
  await alice.waitForFunction(() => document.querySelector("video.remote-video")?.videoWidth > 0);
  await bob.waitForFunction(() => document.querySelector("video.remote-video")?.videoWidth > 0);
  await bob.waitForTimeout(1500); // a few frames in, for the picture
  await shot(alice, "call-talking", width);
  await shot(bob, "call-talking-callee", width);
  await alice.getByRole("button", { name: "Hang up" }).click();
  await bob.getByText("Call ended.").waitFor();
  await shot(bob, "call-ended", width);
  await alice.getByRole("log").getByText(/^Call, /).last().waitFor();
  await shot(alice, "call-line", width);
  await alice.context().close();
  await bob.context().close();
}
await browser.close();
console.log(`screenshots in ${out}`);
