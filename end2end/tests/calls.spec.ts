import { expect, type Page } from "@playwright/test";
import { contactSeller, hydrated, log, newUser, sellerAndBuyer, test } from "./helpers";

// Video calls between two browser contexts with Chromium's fake camera
// and microphone: the call rings on any page of the callee, is answered,
// both see each other's video, and each way a call ends leaves its line.

test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

const panel = (page: Page) => page.locator(".call-panel");
const incoming = (page: Page) => page.getByRole("alertdialog", { name: "Incoming video call" });

/** The width of the frames the remote video shows (0 before any). */
const remoteWidth = (page: Page) =>
  page.locator("video.remote-video").evaluate((v: HTMLVideoElement) => v.videoWidth);

async function openConversation(page: Page, conversation: string) {
  await page.goto(`/dashboard/messages?conversation=${conversation}`);
  await hydrated(page);
}

test("a call rings on another page, is answered, both see video, and hanging up leaves its line", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName, buyerName } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  // The seller is elsewhere on the site.
  await seller.page.goto("/");
  await hydrated(seller.page);

  await buyer.page.getByRole("button", { name: "Video call" }).click();
  await expect(panel(buyer.page).getByRole("heading", { name: `Calling ${sellerName}…` })).toBeVisible();
  await expect(incoming(seller.page)).toBeVisible();
  await expect(incoming(seller.page)).toContainText(`${buyerName} is calling you`);

  await seller.page.getByRole("button", { name: "Accept" }).click();
  const accepted = Date.now();
  await expect.poll(() => remoteWidth(seller.page), { timeout: 20_000 }).toBeGreaterThan(0);
  const sellerSees = Date.now() - accepted;
  await expect.poll(() => remoteWidth(buyer.page), { timeout: 20_000 }).toBeGreaterThan(0);
  const buyerSees = Date.now() - accepted;
  console.log(`video call: Accept → first remote frame in ${sellerSees} ms (callee), ${buyerSees} ms (caller)`);
  await expect(panel(buyer.page).getByRole("heading", { name: `In a call with ${sellerName}` })).toBeVisible();
  await expect(panel(buyer.page).getByText("Connecting…")).toHaveCount(0);

  // Mute and camera off act on the buyer's own tracks.
  await buyer.page.getByRole("button", { name: "Mute" }).click();
  await expect(buyer.page.getByRole("button", { name: "Unmute" })).toHaveAttribute("aria-pressed", "true");
  await buyer.page.getByRole("button", { name: "Camera off" }).click();
  await expect(buyer.page.getByRole("button", { name: "Camera on" })).toBeVisible();
  const enabled = await buyer.page
    .locator("video.local-video")
    .evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream).getTracks().map((t) => `${t.kind}:${t.enabled}`));
  expect(enabled.sort()).toEqual(["audio:false", "video:false"]);

  await buyer.page.getByRole("button", { name: "Hang up" }).click();
  await expect(panel(seller.page).getByText("Call ended.")).toBeVisible();
  await expect(panel(buyer.page)).toBeHidden();
  // The camera is let go on both sides.
  for (const page of [buyer.page, seller.page]) {
    expect(await page.locator("video.local-video").evaluate((v: HTMLVideoElement) => v.srcObject)).toBeNull();
  }
  // Nothing is kept but the line, in both threads.
  await expect(log(buyer.page).getByText(/^Call, \d+ s · /)).toBeVisible();
  await openConversation(seller.page, conversation);
  await expect(log(seller.page).getByText(/^Call, \d+ s · /)).toBeVisible();
  const current = await seller.page.request.get("/api/calls/current");
  expect((await current.json()).data).toEqual({ call: null, signals: [] });
});

test("a declined call, heard by a page whose event stream is down, leaves its line", async ({ browser, browserErrors }) => {
  browserErrors.allow(/net::ERR_FAILED/); // the event stream, refused on purpose
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  // The seller's page has no event stream: it learns of the call by polling.
  await seller.page.route("**/api/messages/events", (route) => route.abort());
  await openConversation(seller.page, conversation);

  await buyer.page.getByRole("button", { name: "Video call" }).click();
  await expect(incoming(seller.page)).toBeVisible({ timeout: 5_000 });
  await seller.page.getByRole("button", { name: "Decline" }).click();
  await expect(panel(seller.page)).toBeHidden();
  await expect(panel(buyer.page).getByText(`${sellerName} declined the call.`)).toBeVisible();
  await buyer.page.getByRole("button", { name: "Close" }).click();
  await expect(panel(buyer.page)).toBeHidden();
  await expect(log(buyer.page).getByText(/^Declined call/)).toBeVisible();
  await expect(log(seller.page).getByText(/^Declined call/)).toBeVisible();
});

test("an unanswered call ends as missed on both sides", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName, buyerName } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  await openConversation(seller.page, conversation);

  await buyer.page.getByRole("button", { name: "Video call" }).click();
  await expect(incoming(seller.page)).toBeVisible();
  // Nobody answers (the test server rings for 6 s instead of 30).
  await expect(panel(buyer.page).getByText(`No answer from ${sellerName}.`)).toBeVisible({ timeout: 15_000 });
  await expect(panel(seller.page)).toBeHidden();
  await expect(log(seller.page).getByText(/^Missed call/)).toBeVisible();
  await expect(log(buyer.page).getByText(/^Missed call/)).toBeVisible();
  await expect(seller.page.getByRole("link", { name: new RegExp(buyerName) })).toContainText("Missed call");
});

test("a second call to someone in a call gets busy", async ({ browser, browserErrors }) => {
  browserErrors.allow(/status of 409 \(Conflict\)/); // the busy answer
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  await openConversation(seller.page, conversation);
  await buyer.page.getByRole("button", { name: "Video call" }).click();
  await seller.page.getByRole("button", { name: "Accept" }).click();
  await expect(panel(seller.page).getByRole("button", { name: "Hang up" })).toBeVisible();

  // Someone else, about the same listing, calls the seller mid-call.
  const third = await newUser(browser, `Tom${Date.now().toString(36)}`);
  await contactSeller(third.page, listingPath, sellerName);
  await third.page.getByRole("button", { name: "Video call" }).click();
  await expect(panel(third.page).getByText(`${sellerName} is in another call.`)).toBeVisible();
  await expect(incoming(seller.page)).toHaveCount(0);
  await buyer.page.getByRole("button", { name: "Hang up" }).click();
  await expect(panel(seller.page).getByText("Call ended.")).toBeVisible();
});
