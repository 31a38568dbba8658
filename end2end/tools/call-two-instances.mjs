// A video call between two browsers on two server processes on one
// database: alice's pages come from the first, bob's from the second.
// Prints the time from Accept to each side's first remote frame. Not a
// test (the API tests cover signalling across instances): run it by hand
// with the demo site served twice, e.g. on ports 3401 and 3402:
//   SOUK_URLS=http://127.0.0.1:3401,http://127.0.0.1:3402 node end2end/tools/call-two-instances.mjs
import { chromium } from "@playwright/test";
import { pageIsLive } from "./lib/live.mjs";

const [one, two] = (process.env.SOUK_URLS ?? "http://127.0.0.1:3401,http://127.0.0.1:3402").split(",");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
});
const hydrated = (page) => page.waitForFunction(pageIsLive);
async function open(base, email) {
  const page = await (await browser.newContext()).newPage();
  page.on("console", (m) => { if (m.type() === "error") console.log(`[${email}] console error:`, m.text()); });
  await page.goto(base + "/login");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByLabel("More account actions").waitFor();
  return page;
}
const alice = await open(one, "alice@example.com");
const bob = await open(two, "bob@example.com");
await alice.goto(one + "/");
await alice.getByRole("link", { name: /Oak dining table/ }).first().click();
await hydrated(alice);
await alice.getByRole("button", { name: /Contact/ }).click();
await alice.getByRole("log").waitFor();
await hydrated(alice);
await bob.goto(two + "/");
await hydrated(bob);
await alice.getByRole("button", { name: "Video call" }).click();
await bob.getByRole("alertdialog", { name: "Incoming video call" }).waitFor();
await bob.getByRole("button", { name: "Accept" }).click();
const accepted = Date.now();
const frames = (page) => page.waitForFunction(() => document.querySelector("video.remote-video")?.videoWidth > 0);
await frames(bob);
const bobSees = Date.now() - accepted;
await frames(alice);
const aliceSees = Date.now() - accepted;
console.log(`across two instances: Accept → first remote frame ${bobSees} ms (callee), ${aliceSees} ms (caller)`);
await alice.getByRole("button", { name: "Hang up" }).click();
await bob.getByText("Call ended.").waitFor();
await browser.close();
