import { expect } from "@playwright/test";
import {
  audit, contactSeller, hydrated, log, messageBox, newUser, publishListing, sellerAndBuyer, test,
} from "./helpers";
import { png } from "./images";

// Every page passes an axe-core audit (WCAG 2.x A and AA rules) with no
// violations, once live in the browser.

test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

test("pages seen logged out pass an accessibility audit", async ({ page, browserErrors }) => {
  // The missing page's 404 and the wrong password's 401, asked for below.
  browserErrors.allow(/status of 40[14] /);
  test.slow(); // a walk through five pages, each audited
  for (const [path, what] of [
    ["/", "home"],
    ["/login", "login"],
    ["/register", "register"],
    ["/no-such-page", "not found"],
  ]) {
    await page.goto(path);
    await audit(page, what);
  }
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await audit(page, "login with its error");
});

test("pages seen logged in pass an accessibility audit", async ({ browser }) => {
  test.slow(); // two users and nine pages, each audited
  const tag = Date.now().toString(36);
  const seller = await newUser(browser, `Sal${tag}`);
  const listingPath = await publishListing(seller.page, `Lamp ${tag}`, "15");
  const buyer = await newUser(browser, `Ben${tag}`);

  await buyer.page.goto("/listings/new");
  await audit(buyer.page, "new listing");
  await buyer.page.goto("/settings");
  await audit(buyer.page, "settings");
  await buyer.page.goto("/dashboard/messages");
  await audit(buyer.page, "empty inbox");
  await buyer.page.goto(listingPath);
  await audit(buyer.page, "listing with Contact");
  await seller.page.goto(listingPath);
  await audit(seller.page, "own listing");

  await buyer.page.getByRole("button", { name: `Contact Sal${tag}` }).click();
  await expect(buyer.page.getByRole("log")).toBeVisible();
  // The message is audited while on its way ("Sending…"), then sent.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await buyer.page.route("**/rpc/send_message", async (route) => {
    await held;
    await route.continue();
  });
  await buyer.page.getByRole("textbox", { name: "Message" }).fill("Does it still work?");
  await buyer.page.getByRole("button", { name: "Send" }).click();
  await expect(buyer.page.getByText("Sending…")).toBeVisible();
  await audit(buyer.page, "thread with a message being sent");
  release();
  await expect(buyer.page.getByText("Sending…")).toBeHidden();
  await expect(buyer.page.getByRole("log").getByText("Does it still work?")).toBeVisible();
  await audit(buyer.page, "inbox with an open thread");

  // The conversation's menu, from the keyboard: Enter opens it, Escape
  // closes it and gives focus back; then the report form inside it.
  const actions = buyer.page.getByLabel("Conversation actions");
  const archive = buyer.page.getByRole("button", { name: "Archive", exact: true });
  await actions.focus();
  await buyer.page.keyboard.press("Enter");
  await expect(archive).toBeVisible();
  await audit(buyer.page, "the conversation's menu");
  await archive.focus();
  await buyer.page.keyboard.press("Escape");
  await expect(archive).toBeHidden();
  await expect(actions).toBeFocused();
  await buyer.page.keyboard.press("Enter");
  await buyer.page.getByRole("button", { name: "Report", exact: true }).click();
  await expect(buyer.page.getByRole("form", { name: `Report Sal${tag}` })).toBeVisible();
  await audit(buyer.page, "the report form in the menu");

  await seller.page.goto("/dashboard/messages");
  await audit(seller.page, "inbox with an unread conversation");
  await buyer.page.goto("/dashboard/messages?conversation=00000000-0000-0000-0000-000000000000");
  await audit(buyer.page, "conversation not found");
});

test("photos, search and the archived view pass an accessibility audit", async ({ browser }) => {
  test.slow(); // two users and six states, each audited
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);

  await buyer.page.getByLabel("Attach photos").setInputFiles({
    name: "lamp.png",
    mimeType: "image/png",
    buffer: png(640, 480),
  });
  await expect(buyer.page.getByRole("img", { name: "Photo 1 to send" })).toBeVisible();
  await expect(buyer.page.getByRole("button", { name: "Send" })).toBeEnabled();
  await audit(buyer.page, "composer with a photo to send");
  await messageBox(buyer.page).fill("Voici le vélo, avec sa lampe.");
  await buyer.page.getByRole("button", { name: "Send" }).click();
  await expect(buyer.page.getByText("Sending…")).toBeHidden();

  await seller.page.goto(`/dashboard/messages?conversation=${conversationId}`);
  await expect(log(seller.page).getByRole("button", { name: "Open photo" })).toBeVisible();
  await audit(seller.page, "thread with a photo");
  await log(seller.page).getByRole("button", { name: "Open photo" }).click();
  await expect(seller.page.getByRole("img", { name: "Photo, full size" })).toBeVisible();
  await audit(seller.page, "photo full size");
  await seller.page.keyboard.press("Escape");

  await seller.page.goto("/dashboard/messages?q=velo");
  await expect(seller.page.getByRole("list", { name: "Search results" })).toBeVisible();
  await audit(seller.page, "search results");
  await seller.page.goto("/dashboard/messages?q=introuvable");
  await expect(seller.page.getByText("No messages found")).toBeVisible();
  await audit(seller.page, "search without results");
  await seller.page.goto("/dashboard/messages?folder=archived");
  await expect(seller.page.getByText("No archived conversations")).toBeVisible();
  await audit(seller.page, "empty archived view");
});
