import { expect, type Browser, type Page } from "@playwright/test";
import {
  badgeCount, contactSeller, hydrated, log, login, logOut, messageBox, register, sellerAndBuyer, send, threadAction, uniqueEmail, test,
} from "./helpers";

// Each test makes its own seller, listing and buyer, so tests never see
// one another's conversations and can run in parallel.

// The tests open their own contexts (one per person). Close them all, so
// no page from a finished test keeps polling the server.
test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

/** The page's sync requests (one per tick for the list, the thread and the badge), by address. */
function recordPolls(page: Page): string[] {
  const polls: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/messages/sync")) polls.push(r.url());
  });
  return polls;
}

/** Without the event stream the page syncs on the plain 3-second tick. */
async function blockEventStream(page: Page) {
  await page.route("**/api/messages/events", (route) => route.abort());
}


test("buyer contacts, seller is notified and replies, buyer sees the reply", async ({ browser }) => {
  const { seller, buyer, title, listingPath, sellerName, buyerName } = await sellerAndBuyer(browser);

  // The seller sits on the home page, which polls the badge.
  await seller.page.goto("/");
  await hydrated(seller.page);
  await expect(badgeCount(seller.page)).toBeHidden();

  await contactSeller(buyer.page, listingPath, sellerName);
  await expect(buyer.page.getByRole("link", { name: title, exact: true })).toBeVisible(); // listing link in the thread
  await send(buyer.page, "Hello! Is the armchair still available?");
  await expect(log(buyer.page).getByText("Hello! Is the armchair still available?")).toBeVisible();
  await expect(messageBox(buyer.page)).toHaveValue("");

  // No reload: the badge's 3-second poll brings it.
  await expect(badgeCount(seller.page)).toHaveText("1 unread");

  await seller.page.getByRole("link", { name: /Messages/ }).click();
  await seller.page.getByRole("link", { name: new RegExp(`${buyerName}.*${title}`) }).click();
  await expect(log(seller.page).getByText("Hello! Is the armchair still available?")).toBeVisible();
  await expect(badgeCount(seller.page)).toBeHidden();

  await send(seller.page, "Yes, it is. Saturday works for me.");
  await expect(log(seller.page).getByText("Yes, it is. Saturday works for me.")).toBeVisible();

  // Again no reload: the thread's `after` poll brings the reply.
  await expect(log(buyer.page).getByText("Yes, it is. Saturday works for me.")).toBeVisible();
  // Shown in order: question, then answer.
  await expect(log(buyer.page).locator(".bubble-text")).toHaveText([
    "Hello! Is the armchair still available?",
    "Yes, it is. Saturday works for me.",
  ]);
});

test("the server-rendered page already carries the unread count", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "Is it still for sale?");
  await expect(log(buyer.page).getByText("Is it still for sale?")).toBeVisible();
  await expect(buyer.page.getByText("Sending…")).toBeHidden(); // stored, not only shown

  // The HTML as sent, before any script runs: the count must be in it every
  // time, not only when the unread query happens to win a race.
  for (const path of ["/", listingPath, "/dashboard/messages"]) {
    for (let i = 0; i < 5; i++) {
      const html = await (await seller.page.request.get(path)).text();
      expect(html, `${path}, request ${i + 1}`).toMatch(/data-testid="unread-count" class="badge-count">1</);
    }
  }
});

test("pressing Contact twice opens the same conversation", async ({ browser }) => {
  const { buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const first = await contactSeller(buyer.page, listingPath, sellerName);
  const second = await contactSeller(buyer.page, listingPath, sellerName);
  expect(second).toBe(first);
});

test("a failed send shows retry, keeps the text, and the retry stores exactly one message", async ({ browser, browserErrors }) => {
  browserErrors.allow(/net::ERR_CONNECTION_RESET/); // the answer lost on purpose
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);
  const text = "Could you do 70 euros?";

  // The worst case: the server stores the message but the answer is lost.
  let stored = false;
  await buyer.page.route("**/rpc/send_message*", async (route) => {
    await route.fetch();
    stored = true;
    await route.abort("connectionreset");
  });
  await send(buyer.page, text);
  await expect(buyer.page.getByRole("alert").filter({ hasText: "Not sent" })).toBeVisible();
  expect(stored).toBe(true);
  await expect(messageBox(buyer.page)).toHaveValue(text); // the draft is back

  await buyer.page.unroute("**/rpc/send_message*");
  await buyer.page.getByRole("button", { name: "Retry" }).click();
  await expect(buyer.page.getByText("Not sent")).toBeHidden();
  await expect(messageBox(buyer.page)).toHaveValue("");
  await expect(log(buyer.page).getByText(text)).toHaveCount(1);
  await expect(buyer.page.getByText("Sending…")).toBeHidden(); // stored

  // The server holds one message, and the seller sees one.
  const response = await buyer.page.request.get(`/api/messages/conversations/${conversationId}`);
  const body = await response.json();
  expect(body.data.messages.filter((m: { content: string }) => m.content === text)).toHaveLength(1);

  await seller.page.goto(`/dashboard/messages?conversation=${conversationId}`);
  await expect(log(seller.page).getByText(text)).toHaveCount(1);
});

test("sending the restored draft again retries the failed message instead of duplicating it", async ({ browser, browserErrors }) => {
  browserErrors.allow(/net::ERR_FAILED/); // the send aborted on purpose
  const { buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);
  const text = "Is delivery possible?";

  await buyer.page.route("**/rpc/send_message*", (route) => route.abort("failed"));
  await send(buyer.page, text);
  await expect(buyer.page.getByText("Not sent")).toBeVisible();
  await buyer.page.unroute("**/rpc/send_message*");

  // Press Send on the restored draft.
  await expect(messageBox(buyer.page)).toHaveValue(text);
  await buyer.page.getByRole("button", { name: "Send" }).click();
  await expect(messageBox(buyer.page)).toHaveValue(""); // cleared when sent
  await expect(buyer.page.getByText("Not sent")).toBeHidden();
  await expect(log(buyer.page).getByText(text)).toHaveCount(1);
  await expect(buyer.page.getByText("Sending…")).toBeHidden(); // stored

  const body = await (await buyer.page.request.get(`/api/messages/conversations/${conversationId}`)).json();
  expect(body.data.messages.map((m: { content: string }) => m.content)).toEqual([text]);
});

test("a logged-out visitor who presses Contact logs in and comes back to the listing", async ({ browser }) => {
  const { seller, listingPath, sellerName, title } = await sellerAndBuyer(browser);
  await seller.context.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail("visitor");
  await register(page, "Vic", email);
  await logOut(page);

  await page.goto(listingPath);
  await hydrated(page);
  await page.getByRole("button", { name: `Contact ${sellerName}` }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/login" && url.searchParams.get("next") === listingPath);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(listingPath);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await contactSeller(page, listingPath, sellerName);
  await expect(page.getByRole("heading", { name: sellerName })).toBeVisible();
});

test("Contact works before the WASM has loaded (JavaScript off)", async ({ browser }) => {
  const { listingPath, sellerName } = await sellerAndBuyer(browser);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const email = uniqueEmail("nojs");
  // Register with JavaScript on, then continue with it off.
  const withJs = await browser.newContext();
  const setup = await withJs.newPage();
  await register(setup, "Noa", email);
  await withJs.close();

  await login(page, email, listingPath, { javaScript: false });
  await expect(page).toHaveURL(listingPath);
  await page.getByRole("button", { name: `Contact ${sellerName}` }).click();
  await expect(page).toHaveURL(/\/dashboard\/messages\?conversation=[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: sellerName })).toBeVisible();
  await expect(log(page)).toBeVisible();
});

test("deleting a conversation hides it for the deleter only, until a new message arrives", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName, buyerName, title } = await sellerAndBuyer(browser);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "Still for sale?");
  await expect(log(buyer.page).getByText("Still for sale?")).toBeVisible();
  await expect(buyer.page.getByText("Sending…")).toBeHidden();

  await (await threadAction(buyer.page, "Delete")).click();
  await buyer.page.getByRole("button", { name: "Delete conversation" }).click();
  await expect(buyer.page).toHaveURL(/\/dashboard\/messages$/);
  await expect(buyer.page.getByText("No conversations yet")).toBeVisible();
  await buyer.page.goto(`/dashboard/messages?conversation=${conversationId}`);
  await expect(buyer.page.getByRole("heading", { name: "Conversation not found" })).toBeVisible();

  // The seller still has it, with the message.
  await seller.page.goto("/dashboard/messages");
  await seller.page.getByRole("link", { name: new RegExp(`${buyerName}.*${title}`) }).click();
  await expect(log(seller.page).getByText("Still for sale?")).toBeVisible();

  // A reply brings it back for the buyer, showing only what is new.
  await send(seller.page, "Yes, still here.");
  await expect(log(seller.page).getByText("Yes, still here.")).toBeVisible();
  // Stored, not only shown: the buyer's list is rendered from the database.
  await expect(seller.page.getByText("Sending…")).toBeHidden();
  await buyer.page.goto("/dashboard/messages");
  await hydrated(buyer.page);
  await buyer.page.getByRole("link", { name: new RegExp(`${sellerName}.*${title}`) }).click();
  await expect(log(buyer.page).getByText("Yes, still here.")).toBeVisible();
  await expect(log(buyer.page).getByText("Still for sale?")).toHaveCount(0);
});

test("one sync per tick serves the list, the thread and the badge, and stops asking for the thread once it is left", async ({ browser, browserErrors }) => {
  browserErrors.allow(/net::ERR_FAILED/); // the event stream, blocked
  const { buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const page = buyer.page;
  await blockEventStream(page);
  await page.clock.install();
  const conversationId = await contactSeller(page, listingPath, sellerName);
  await hydrated(page);

  const polls = recordPolls(page);
  // While open: one request per 3-second tick, naming the open thread.
  await page.clock.runFor(3_100);
  await expect.poll(() => polls.length).toBe(1);
  expect(polls[0]).toContain(conversationId);
  await page.clock.runFor(3_000);
  await expect.poll(() => polls.length).toBe(2);

  // Another page: the badge still syncs, the thread is gone.
  await page.getByRole("link", { name: "souk" }).click();
  await expect(page).toHaveURL(/\/$/);
  const before = polls.length;
  await page.clock.runFor(6_100);
  await expect.poll(() => polls.length).toBeGreaterThan(before);
  // A round trip to the page lets the request events arrive here first.
  await page.evaluate(() => document.title);
  expect(polls.slice(before).some((body) => body.includes(conversationId))).toBe(false);
});

test("polling sleeps in a hidden tab, wakes at once when shown, and says reconnecting when the server is gone", async ({ browser, browserErrors }) => {
  browserErrors.allow(/net::ERR_FAILED/); // the event stream and the server, cut off
  const { buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const page = buyer.page;
  await blockEventStream(page);
  await page.clock.install();
  await contactSeller(page, listingPath, sellerName);

  const polls = recordPolls(page);
  const setHidden = (hidden: boolean) =>
    page.evaluate((hidden) => {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
      Object.defineProperty(document, "visibilityState", {
        configurable: true,
        get: () => (hidden ? "hidden" : "visible"),
      });
      document.dispatchEvent(new Event("visibilitychange"));
    }, hidden);

  await setHidden(true);
  await page.clock.runFor(3_100); // the ticks already scheduled find the tab hidden
  await page.evaluate(() => document.title);
  const asleep = polls.length;
  await page.clock.runFor(60_000);
  await page.evaluate(() => document.title);
  expect(polls.length).toBe(asleep);

  // Shown again: the sync goes out at once, before any timer could fire.
  await setHidden(false);
  await expect.poll(() => polls.length).toBeGreaterThanOrEqual(asleep + 1);

  // The server becomes unreachable: a small indicator, no error wall.
  await page.route("**/api/messages/sync*", (route) => route.abort());
  await page.clock.runFor(3_100);
  await expect(page.getByText("Reconnecting…").first()).toBeVisible();
  await expect(log(page)).toBeVisible();
  // Back again: the next attempt (after the back-off) clears it.
  await page.unroute("**/api/messages/sync*");
  await page.clock.runFor(31_000);
  await expect(page.getByText("Reconnecting…")).toHaveCount(0);
});

test("text typed before the page has come alive is kept and can be sent", async ({ browser }) => {
  const { buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);
  const page = buyer.page;

  // Hold the WASM back until the text is typed into the server-rendered box.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/pkg/*.wasm", async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto(`/dashboard/messages?conversation=${conversationId}`);
  await messageBox(page).fill("Typed early");
  release();
  await hydrated(page);

  await expect(messageBox(page)).toHaveValue("Typed early");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(log(page).getByText("Typed early")).toBeVisible();
  await expect(messageBox(page)).toHaveValue("");
});

test("blocking from the thread stops messages both ways until unblocked", async ({ browser, browserErrors }) => {
  browserErrors.allow(/status of 403 /); // the sends the block refuses
  const { seller, buyer, listingPath, sellerName, buyerName } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "Is it still available?");
  await expect(log(buyer.page).getByText("Is it still available?")).toBeVisible();

  await seller.page.goto(`/dashboard/messages?conversation=${conversation}`);
  await hydrated(seller.page);
  await (await threadAction(seller.page, "Block")).click();
  await seller.page.getByRole("button", { name: `Block ${buyerName}` }).click();
  await expect(seller.page.getByText("You blocked this user.")).toBeVisible();
  await expect(messageBox(seller.page)).toHaveCount(0);

  await send(buyer.page, "Hello?");
  await expect(buyer.page.getByText("Not sent")).toBeVisible();

  await seller.page.getByRole("button", { name: "Unblock" }).click();
  await expect(messageBox(seller.page)).toBeVisible();
  await send(seller.page, "Sorry, yes it is.");
  await expect(log(buyer.page).getByText("Sorry, yes it is.")).toBeVisible();
});

test("a report from the thread reaches the moderators, and only them", async ({ browser, browserErrors }) => {
  browserErrors.allow(/status of 404 /); // /moderation, for someone who is not a moderator
  const { seller, buyer, listingPath, sellerName, buyerName } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  const bait = `Pay by wire first ${Date.now()}`;
  await send(buyer.page, bait);
  await expect(buyer.page.getByText("Sending…")).toBeHidden();

  await seller.page.goto(`/dashboard/messages?conversation=${conversation}`);
  await hydrated(seller.page);
  await (await threadAction(seller.page, "Report")).click();
  const form = seller.page.getByRole("form", { name: `Report ${buyerName}` });
  await expect(form.getByRole("button", { name: "Send report" })).toBeDisabled();
  await form.getByLabel("Scam or fraud attempt").check();
  await form.getByLabel("Details (optional)").fill("Asks for a wire before the visit.");
  await form.getByRole("button", { name: "Send report" }).click();
  await expect(seller.page.getByText("Our moderators will look at your report.")).toBeVisible();

  const moderator = await moderatorPage(browser);
  await moderator.goto("/moderation");
  const card = moderator.getByRole("listitem").filter({ hasText: bait });
  await expect(card).toContainText(`${sellerName} reported ${buyerName}`);
  await expect(card).toContainText("Scam or fraud attempt");
  await expect(card).toContainText("Asks for a wire before the visit.");

  await buyer.page.goto("/moderation");
  await expect(buyer.page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

/** The moderator named in playwright.config.ts, logged in (made on first use). */
async function moderatorPage(browser: Browser) {
  const context = await browser.newContext();
  const account = { email: "moderator@souk.test", password: "correct horse", name: "Moderator" };
  const made = await context.request.post("/api/auth/register", { data: account });
  if (made.status() === 409) {
    const logged = await context.request.post("/api/auth/login", { data: account });
    expect(logged.ok()).toBe(true);
  } else {
    expect(made.status()).toBe(201);
  }
  return context.newPage();
}

test("typing shows on the other side and goes when the message lands; Seen follows the read", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName, buyerName } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "Is it still available?");
  await expect(buyer.page.getByText("Sending…")).toBeHidden();
  await expect(buyer.page.getByText("Seen", { exact: true })).toHaveCount(0);

  await seller.page.goto(`/dashboard/messages?conversation=${conversation}`);
  await hydrated(seller.page);
  await expect(log(seller.page).getByText("Is it still available?")).toBeVisible();
  // The seller has read it: the buyer sees "Seen" under it.
  await expect(buyer.page.getByText("Seen", { exact: true })).toBeVisible();

  await messageBox(buyer.page).pressSequentially("And the price", { delay: 20 });
  const typing = seller.page.getByText(`${buyerName} is typing…`);
  await expect(typing).toBeVisible();
  await seller.page.setViewportSize({ width: 1440, height: 800 });
  await expect(seller.page.getByRole("link", { name: new RegExp(buyerName) })).toContainText("typing…");

  await buyer.page.getByRole("button", { name: "Send" }).click();
  await expect(log(seller.page).getByText("And the price")).toBeVisible();
  await expect(typing).toBeHidden();
});

test("the stream's events are applied as they come, with no sync after each one", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName, buyerName } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "Hello");
  await expect(buyer.page.getByText("Sending…")).toBeHidden();

  // The seller's page, live with its stream open (which syncs once), and
  // done with the syncs of opening the page.
  const syncing = new Set<unknown>();
  seller.page.on("request", (r) => r.url().includes("/api/messages/sync") && syncing.add(r));
  seller.page.on("requestfinished", (r) => syncing.delete(r));
  seller.page.on("requestfailed", (r) => syncing.delete(r));
  const streamOpen = seller.page.waitForResponse((r) => r.url().endsWith("/api/messages/events") && r.status() === 200);
  await seller.page.goto(`/dashboard/messages?conversation=${conversation}`);
  await hydrated(seller.page);
  await streamOpen;
  await expect(log(seller.page).getByText("Hello")).toBeVisible();
  await expect(buyer.page.getByText("Seen", { exact: true })).toBeVisible();
  await expect.poll(() => syncing.size).toBe(0);
  const polls = recordPolls(seller.page);

  // Typing, a message (read at once: the buyer sees "Seen" under it), and
  // the list's preview: all from the events' data.
  await messageBox(buyer.page).pressSequentially("Is it", { delay: 20 });
  await expect(seller.page.getByText(`${buyerName} is typing…`)).toBeVisible();
  await buyer.page.getByRole("button", { name: "Send" }).click();
  await expect(log(seller.page).getByText("Is it")).toBeVisible();
  await expect(seller.page.getByText(`${buyerName} is typing…`)).toBeHidden();
  await expect(seller.page.getByRole("link", { name: new RegExp(buyerName) })).toContainText("Is it");
  // Read by the seller's page as it arrived.
  await expect
    .poll(async () => {
      const thread = (await (await buyer.page.request.get(`/api/messages/conversations/${conversation}`)).json()).data;
      const last = thread.messages[thread.messages.length - 1];
      return last.content === "Is it" && thread.otherLastReadMessageId === last.id;
    })
    .toBe(true);
  await expect(badgeCount(seller.page)).toBeHidden();
  expect(polls).toEqual([]);
});

test("with the event stream blocked the page falls back to polling, and takes the stream again when it is back", async ({ browser, browserErrors }) => {
  browserErrors.allow(/net::ERR_FAILED/); // the event stream, blocked
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "First");
  await expect(buyer.page.getByText("Sending…")).toBeHidden();

  await blockEventStream(seller.page);
  await seller.page.goto(`/dashboard/messages?conversation=${conversation}`);
  await hydrated(seller.page);
  await expect(log(seller.page).getByText("First")).toBeVisible();
  // No stream: the 3-second tick brings it.
  await send(buyer.page, "Second, while the stream is down");
  await expect(log(seller.page).getByText("Second, while the stream is down")).toBeVisible();

  // Back: the browser reconnects the stream by itself.
  const reconnected = seller.page.waitForResponse(
    (r) => r.url().endsWith("/api/messages/events") && r.status() === 200,
    { timeout: 30_000 },
  );
  await seller.page.unroute("**/api/messages/events");
  await reconnected;
  await send(buyer.page, "Third, with the stream");
  await expect(log(seller.page).getByText("Third, with the stream")).toBeVisible();
});

test("the inbox loads 30 at a time, and the thread its older history when scrolled to the top", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName, title } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  // 54 messages, from both sides (each under the per-minute limit).
  for (let i = 0; i < 54; i++) {
    const who = i % 2 === 0 ? buyer.page : seller.page;
    const res = await who.request.post("/api/messages", { data: { conversationId: conversation, content: `Old message ${i}` } });
    expect(res.status()).toBe(201);
  }
  // 30 more conversations for the buyer, each about another listing.
  for (let i = 0; i < 30; i++) {
    const listing = await seller.page.request.post("/api/listings", {
      data: { title: `Spare part ${i}`, description: "More", priceCents: 100 },
    });
    const adId = (await listing.json()).data.id;
    const started = await buyer.page.request.post("/api/messages/conversations", {
      data: { recipientId: (await (await seller.page.request.get("/api/auth/me")).json()).data.id, adId },
    });
    expect(started.ok()).toBe(true);
  }

  const page = buyer.page;
  await page.goto("/dashboard/messages");
  await hydrated(page);
  const items = page.getByRole("list", { name: "Conversations" }).getByRole("listitem");
  await expect(items).toHaveCount(30);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(items).toHaveCount(31);
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);

  await page.getByRole("link", { name: new RegExp(`${sellerName}.*${title}`) }).click();
  await expect(log(page).getByText("Old message 53")).toBeVisible();
  await expect(log(page).getByText("Old message 0", { exact: true })).toHaveCount(0);
  // Scrolled to the top: the older messages come in above, and the one
  // that was on top stays in view.
  const topBefore = log(page).getByText("Old message 4", { exact: true });
  await log(page).evaluate((el) => (el.scrollTop = 0));
  await expect(log(page).getByText("Old message 0", { exact: true })).toBeAttached();
  await expect(topBefore).toBeInViewport();
  await expect(page.getByRole("button", { name: "Load earlier messages" })).toHaveCount(0);
});
