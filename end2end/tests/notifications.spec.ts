import { expect, type BrowserContext, type Page } from "@playwright/test";
import { badgeCount, contactSeller, hydrated, log, register, sellerAndBuyer, send, test } from "./helpers";

// Notifications for whoever is not looking: the page's own system
// notifications, the tab title's count, the settings page, and the
// service worker that shows Web Push messages.

test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

/** Records every system notification the page makes (the real ones are
 * made too), so a test can read them and click one. Notifications are
 * allowed and turned on in this browser (what "Turn on notifications"
 * leaves; the settings test presses it). */
async function recordNotifications(context: BrowserContext) {
  await context.grantPermissions(["notifications"]);
  await context.addInitScript(() => {
    localStorage.setItem("souk-notifications", "on");
    const Real = window.Notification;
    const made: { title: string; body: string; tag: string; notification: Notification }[] = [];
    (window as any).__notifications = made;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        made.push({ title, body: options?.body ?? "", tag: options?.tag ?? "", notification: this });
      }
    }
    Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
    (Recorded as any).requestPermission = Real.requestPermission.bind(Real);
    (window as any).Notification = Recorded;
  });
}

const made = (page: Page) =>
  page.evaluate(() => (window as any).__notifications.map(({ title, body, tag }: any) => ({ title, body, tag })));

/** Makes the page report itself hidden, as when another tab is in front,
 * or shown again. */
async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((hidden) => {
    Object.defineProperty(document, "visibilityState", {
      configurable: true,
      get: () => (hidden ? "hidden" : "visible"),
    });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

test("a message out of sight shows a notification that opens its conversation", async ({ browser }) => {
  const { seller, buyer, title, listingPath, sellerName, buyerName } = await sellerAndBuyer(browser);
  await recordNotifications(seller.context);
  await seller.page.goto("/");
  await hydrated(seller.page);

  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "Hello!\nIs it still available?");
  await send(buyer.page, "I can come tomorrow.");

  // One per conversation (the second replaces the first: same tag).
  await expect.poll(() => made(seller.page)).toContainEqual({
    title: `${buyerName} · ${title}`,
    body: "I can come tomorrow.",
    tag: `conversation-${conversationId}`,
  });
  expect(new Set((await made(seller.page)).map((n: { tag: string }) => n.tag)).size).toBe(1);
  // The tab's title carries the unread count.
  await expect(seller.page).toHaveTitle(/^\(2\) /);

  await seller.page.evaluate(() => {
    const last = (window as any).__notifications.at(-1);
    last.notification.dispatchEvent(new Event("click"));
  });
  await expect(seller.page).toHaveURL(new RegExp(`/dashboard/messages\\?conversation=${conversationId}$`));
  await expect(log(seller.page).getByText("I can come tomorrow.")).toBeVisible();
  await expect(seller.page).toHaveTitle("Messages — souk");
});

test("the open conversation notifies only while the tab is hidden", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  await recordNotifications(seller.context);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "First");
  await seller.page.goto(`/dashboard/messages?conversation=${conversationId}`);
  await hydrated(seller.page);
  await expect(log(seller.page).getByText("First")).toBeVisible();

  // On screen: no notification.
  await send(buyer.page, "Seen at once");
  await expect(log(seller.page).getByText("Seen at once")).toBeVisible();
  expect(await made(seller.page)).toEqual([]);

  await setHidden(seller.page, true);
  await send(buyer.page, "Sent while you looked away");
  await expect.poll(() => made(seller.page)).toHaveLength(1);
  const [notice] = await made(seller.page);
  expect(notice.body).toBe("Sent while you looked away");
  expect(notice.tag).toBe(`conversation-${conversationId}`);
  // Unread while nobody looks (no "Seen" for the buyer yet)…
  await expect(badgeCount(seller.page)).toHaveText("1 unread");
  await expect(seller.page).toHaveTitle("(1) Messages — souk");
  // …and read once the tab is in front again.
  await setHidden(seller.page, false);
  await expect(log(seller.page).getByText("Sent while you looked away")).toBeVisible();
  await expect(badgeCount(seller.page)).toBeHidden();
});

test("settings turn emails off, and notifications on with a push subscription", async ({ browser }) => {
  const context = await browser.newContext();
  await context.grantPermissions(["notifications"]);
  // No push service is reachable here: the browser's subscribe is stubbed
  // with what a push service would give (the server only stores it).
  await context.addInitScript(() => {
    const key = (n: number) => btoa(String.fromCharCode(...Array.from({ length: n }, (_, i) => (i * 7 + 1) % 256)))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const subscription = {
      endpoint: `${location.origin}/__push/${Math.random().toString(36).slice(2)}`,
      expirationTime: null,
      // A real P-256 point is checked by the server: the generator G.
      keys: {
        p256dh: "BGsX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKWT-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU",
        auth: key(16),
      },
      unsubscribe: async () => true,
      toJSON() { return { endpoint: this.endpoint, expirationTime: null, keys: this.keys }; },
    };
    // What the page's code checks: it is a PushSubscription.
    Object.setPrototypeOf(subscription, PushSubscription.prototype);
    let subscribed = false;
    PushManager.prototype.subscribe = async function () { subscribed = true; return subscription as any; };
    PushManager.prototype.getSubscription = async function () { return subscribed ? (subscription as any) : null; };
  });
  const page = await context.newPage();
  await register(page, `Nia${Date.now().toString(36)}`);
  await page.goto("/settings");
  await hydrated(page);

  // Emails: on by default; off after Save, also after a reload.
  const emails = page.getByLabel("Email me about messages I have not read");
  await expect(emails).toBeChecked();
  await emails.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved: emails are off." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Email me about messages I have not read")).not.toBeChecked();

  await hydrated(page);
  const saved = page.waitForResponse((r) => r.url().includes("/rpc/save_push_subscription"));
  await page.getByRole("button", { name: "Turn on notifications" }).click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByText("Notifications are on in this browser.")).toBeVisible();
  const worker = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);
  expect(worker).toMatch(/\/sw\.js$/);

  const removed = page.waitForResponse((r) => r.url().includes("/rpc/remove_push_subscription"));
  await page.getByRole("button", { name: "Turn off notifications" }).click();
  expect((await removed).status()).toBe(200);
  await expect(page.getByRole("button", { name: "Turn on notifications" })).toBeEnabled();
});

test("the messages page offers notifications until they are on or dismissed", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await register(page, `Pia${Date.now().toString(36)}`);
  await page.goto("/dashboard/messages");
  await hydrated(page);
  const offer = page.getByText("Get a notification when a message arrives.");
  await expect(offer).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn on notifications" })).toBeEnabled();
  await page.getByRole("button", { name: "Not now" }).click();
  await expect(offer).toBeHidden();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Messages" })).toBeVisible();
  await expect(offer).toBeHidden();
  // Settings still offer them.
  await page.goto("/settings");
  await expect(page.getByRole("button", { name: "Turn on notifications" })).toBeVisible();
});

test("a browser that refused notifications is told how to allow them", async ({ browser }) => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(Notification, "permission", { get: () => "denied" });
  });
  const page = await context.newPage();
  await register(page, `Ola${Date.now().toString(36)}`);
  await page.goto("/settings");
  await hydrated(page);
  await expect(page.getByRole("status").filter({ hasText: "Notifications are blocked" })).toContainText(
    "allow notifications",
  );
  await expect(page.getByRole("button", { name: "Turn on notifications" })).toHaveCount(0);
});

test("a push shows a notification, and clicking it opens the conversation", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "Are you there?");

  await seller.context.grantPermissions(["notifications"]);
  const page = seller.page;
  await page.goto("/settings");
  await hydrated(page);
  const registration = await page.evaluate(async () => {
    await navigator.serviceWorker.register("/sw.js");
    const ready = await navigator.serviceWorker.ready;
    return ready.scope;
  });
  expect(registration).toMatch(/\/$/);

  // Deliver a push as the browser's push service would.
  const cdp = await seller.context.newCDPSession(page);
  const registered = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const found = registrations.find((r: any) => r.scopeURL === registration && !r.isDeleted);
      if (found) resolve(found.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  // Without the icon the server adds: headless Chromium now and then loses
  // a notification whose icon it loads (about 1 in 20 here).
  const payload = {
    title: "Bea · Armchair",
    body: "Are you there?",
    tag: `conversation-${conversationId}`,
    url: `/dashboard/messages?conversation=${conversationId}`,
  };
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin: new URL(page.url()).origin,
    registrationId: await registered,
    data: JSON.stringify(payload),
  });
  await expect
    .poll(() =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
          title: n.title,
          body: n.body,
          tag: n.tag,
        })),
      ),
    )
    .toEqual([{ title: payload.title, body: payload.body, tag: payload.tag }]);

  // A click on it (as the system would report it) brings this tab to
  // the conversation.
  const [worker] = seller.context.serviceWorkers();
  await worker.evaluate(async () => {
    const [shown] = await (self as any).registration.getNotifications();
    self.dispatchEvent(new (self as any).NotificationEvent("notificationclick", { notification: shown }));
  });
  await expect(page).toHaveURL(new RegExp(`/dashboard/messages\\?conversation=${conversationId}$`));
  await expect(log(page).getByText("Are you there?")).toBeVisible();
});
