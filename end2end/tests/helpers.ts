import { test as base, expect, type Page, type Browser, type BrowserContext } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/** What the browser said went wrong during a test: console errors and
 * uncaught page errors, from every page of every context the test made. */
export class BrowserErrors {
  readonly seen: string[] = [];
  // Playwright's trace recorder fetches the pages' blob: images (photo
  // previews) to store them, which the page's connect-src refuses.
  private allowed: RegExp[] = [/^console: Connecting to 'blob:.*connect-src/];
  private watched = new WeakSet<Page>();

  /** Errors the test provokes on purpose (an aborted request, a 404 it
   * asks for) are allowed by their text. */
  allow(pattern: RegExp) {
    this.allowed.push(pattern);
  }

  watch(page: Page) {
    if (this.watched.has(page)) return;
    this.watched.add(page);
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      // A failed load names its resource in its location, not its text.
      const source = message.location().url;
      const resource = source && source !== page.url() ? ` [${source}]` : "";
      this.seen.push(`console: ${message.text()}${resource} (${page.url()})`);
    });
    page.on("pageerror", (error) => this.seen.push(`page error: ${error.message} (${page.url()})`));
  }

  watchContext(context: BrowserContext) {
    context.pages().forEach((page) => this.watch(page));
    context.on("page", (page) => this.watch(page));
  }

  unexpected() {
    return this.seen.filter((error) => !this.allowed.some((pattern) => pattern.test(error)));
  }
}

/** Every test fails on a console error or a page error it did not ask for. */
export const test = base.extend<{ browserErrors: BrowserErrors }>({
  browserErrors: [
    async ({ browser }, use) => {
      const errors = new BrowserErrors();
      const newContext = browser.newContext;
      browser.newContext = async function (this: Browser, ...args: Parameters<Browser["newContext"]>) {
        const context = await newContext.apply(this, args);
        errors.watchContext(context);
        return context;
      };
      await use(errors);
      browser.newContext = newContext;
      expect(errors.unexpected(), "console errors and page errors").toEqual([]);
    },
    { auto: true },
  ],
  page: async ({ page, browserErrors }, use) => {
    browserErrors.watch(page);
    await use(page);
  },
});

let counter = 0;

/** A unique email per call, so tests never collide. */
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${process.pid}-${counter}@example.com`;
}

export async function register(page: Page, name: string, email = uniqueEmail(name.toLowerCase())) {
  await page.goto("/register");
  await hydrated(page);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
  return email;
}

/** Logs in through the form; `javaScript: false` for a context without it. */
export async function login(page: Page, email: string, next?: string, { javaScript = true } = {}) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  if (javaScript) await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse");
  await page.getByRole("button", { name: "Log in" }).click();
}

/** Publishes a listing and returns its URL path. */
export async function publishListing(page: Page, title: string, price = "42,50") {
  await page.goto("/listings/new");
  await hydrated(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill(`A fine ${title}, barely used.`);
  await page.getByLabel("Price").fill(price);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** A fresh browser context (its own cookies) with a registered user. */
export async function newUser(browser: Browser, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = await register(page, name);
  return { context, page, email };
}

/** Waits until the page is live: its code loaded and every island on it
 * hydrated, so clicks hit live handlers. A page that loads no code (no
 * island on it) is live once parsed. */
export async function hydrated(page: Page) {
  await page.waitForFunction(
    () =>
      (document.readyState !== "loading" && document.querySelector("link[rel=modulepreload]") === null) ||
      (window as any).__SOUK_HYDRATED === true,
  );
}

/** Presses "Log out" once the page is live and has synced. A logged-in page
 * coming alive opens its event stream and syncs once; a logout that
 * overtakes that sync has it answered 401, which the browser reports as a
 * console error. A person reads the page longer than that. */
export async function logOut(page: Page) {
  await hydrated(page);
  await page.waitForFunction(() =>
    performance.getEntriesByType("resource").some((entry) => entry.name.includes("/api/messages/sync")),
  );
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
}

/** A seller with a fresh listing, and a buyer; both logged in, in their own contexts. */
export async function sellerAndBuyer(browser: Browser) {
  const tag = Date.now().toString(36) + Math.floor(Math.random() * 1e6).toString(36);
  const seller = await newUser(browser, `Sam${tag}`);
  const title = `Armchair ${tag}`;
  const listingPath = await publishListing(seller.page, title, "80");
  const buyer = await newUser(browser, `Bea${tag}`);
  return { seller, buyer, title, listingPath, sellerName: `Sam${tag}`, buyerName: `Bea${tag}` };
}

export const messageBox = (page: Page) => page.getByRole("textbox", { name: "Message" });
export const log = (page: Page) => page.getByRole("log");
export const badgeCount = (page: Page) => page.getByTestId("unread-count");

/** Opens the listing, presses Contact, and waits for the opened conversation. */
export async function contactSeller(page: Page, listingPath: string, sellerName: string) {
  await page.goto(listingPath);
  await hydrated(page);
  await page.getByRole("button", { name: `Contact ${sellerName}` }).click();
  await expect(page).toHaveURL(/\/dashboard\/messages\?conversation=[0-9a-f-]{36}$/);
  await expect(log(page)).toBeVisible();
  await hydrated(page);
  return new URL(page.url()).searchParams.get("conversation")!;
}


export async function send(page: Page, text: string) {
  await messageBox(page).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

/** The open conversation's menu of actions (Archive, Mark unread, Report,
 * Block, Delete): opens it and answers the action named `name`. */
export async function threadAction(page: Page, name: string) {
  const menu = page.locator("details.thread-menu");
  if (!(await menu.evaluate((details: HTMLDetailsElement) => details.open))) {
    await page.getByLabel("Conversation actions").click();
  }
  return page.getByRole("button", { name, exact: true });
}

/** An axe-core audit of the page once live (WCAG 2.x A and AA rules, and
 * best practices): no violations. */
export async function audit(page: Page, what: string) {
  await hydrated(page);
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(summary, `${what}: accessibility violations`).toEqual([]);
}
