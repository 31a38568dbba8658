import { expect } from "@playwright/test";
import { badgeCount, contactSeller, hydrated, log, messageBox, sellerAndBuyer, send, threadAction, test } from "./helpers";
import { noisePng, png } from "./images";

// Photos, archive, mark unread and search, each seen from both sides.

test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

test("a photo attached by the buyer shows on the seller's side and opens full size", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName, buyerName, title } = await sellerAndBuyer(browser);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);

  await buyer.page.getByLabel("Attach photos").setInputFiles({
    name: "armchair.png",
    mimeType: "image/png",
    buffer: png(800, 600),
  });
  await expect(buyer.page.getByRole("img", { name: "Photo 1 to send" })).toBeVisible();
  // Sendable without text once uploaded.
  await expect(buyer.page.getByRole("button", { name: "Send" })).toBeEnabled();
  await buyer.page.getByRole("button", { name: "Send" }).click();
  await expect(buyer.page.getByRole("img", { name: "Photo 1 to send" })).toHaveCount(0);
  await expect(log(buyer.page).getByRole("button", { name: "Open photo" })).toBeVisible();
  await expect(buyer.page.getByText("Sending…")).toBeHidden();

  // The seller's list says "Photo"; the thread shows the thumbnail.
  await seller.page.goto("/dashboard/messages");
  await hydrated(seller.page);
  const item = seller.page.getByRole("link", { name: new RegExp(`${buyerName}.*${title}`) });
  await expect(item).toContainText("Photo");
  await seller.page.goto(`/dashboard/messages?conversation=${conversationId}`);
  await hydrated(seller.page);
  const thumb = log(seller.page).getByRole("button", { name: "Open photo" });
  await expect(thumb.locator("img")).toHaveJSProperty("naturalWidth", 400);
  await thumb.click();
  const full = seller.page.getByRole("img", { name: "Photo, full size" });
  await expect(full).toBeVisible();
  await expect(full).toHaveJSProperty("naturalWidth", 800);
  await seller.page.keyboard.press("Escape");
  await expect(full).toBeHidden();
});

test("an image pasted into the message box is attached, and pasted text is left as text", async ({ browser }) => {
  const { buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  await contactSeller(buyer.page, listingPath, sellerName);
  const paste = (what: { png?: string; text?: string }) =>
    messageBox(buyer.page).evaluate((box, { png, text }) => {
      const data = new DataTransfer();
      if (png) {
        const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], "image.png", { type: "image/png" }));
      }
      if (text) data.setData("text/plain", text);
      const paste = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
      box.dispatchEvent(paste);
      return paste.defaultPrevented; // the browser's own paste (of text) does not happen
    }, what);

  // The image is taken, not left to the browser to paste as text.
  expect(await paste({ png: png(320, 240).toString("base64") })).toBe(true);
  await expect(buyer.page.getByRole("img", { name: "Photo 1 to send" })).toBeVisible();
  // Text is left to the browser, and attaches nothing.
  expect(await paste({ text: "not a photo" })).toBe(false);
  await expect(buyer.page.getByRole("img", { name: "Photo 2 to send" })).toHaveCount(0);
  await expect(buyer.page.getByRole("button", { name: "Send" })).toBeEnabled();
  await buyer.page.getByRole("button", { name: "Send" }).click();
  await expect(buyer.page.getByText("Sending…")).toBeHidden();
  await log(buyer.page).getByRole("button", { name: "Open photo" }).click();
  await expect(buyer.page.getByRole("img", { name: "Photo, full size" })).toHaveJSProperty("naturalWidth", 320);
});

test("a photo over 2048 px and 10 MB is made smaller in the browser, then sent", async ({ browser }) => {
  const { buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  await contactSeller(buyer.page, listingPath, sellerName);
  // Noise does not compress: 2600×1500 is an 11.7 MB PNG, over the
  // server's 10 MiB; at 2048×1181 it fits.
  const photo = noisePng(2600, 1500);
  expect(photo.length).toBeGreaterThan(10 * 1024 * 1024);
  await buyer.page.getByLabel("Attach photos").setInputFiles({
    name: "big.png",
    mimeType: "image/png",
    buffer: photo,
  });
  await expect(buyer.page.getByRole("button", { name: "Send" })).toBeEnabled({ timeout: 30_000 });
  await buyer.page.getByRole("button", { name: "Send" }).click();
  await expect(buyer.page.getByText("Sending…")).toBeHidden();
  await log(buyer.page).getByRole("button", { name: "Open photo" }).click();
  const full = buyer.page.getByRole("img", { name: "Photo, full size" });
  await expect(full).toHaveJSProperty("naturalWidth", 2048);
  await expect(full).toHaveJSProperty("naturalHeight", 1181);
});

test("a file that is not a photo is refused before it is sent", async ({ browser, browserErrors }) => {
  browserErrors.allow(/status of 415 /); // the server refuses the fake PNG
  const { buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  await contactSeller(buyer.page, listingPath, sellerName);
  await buyer.page.getByLabel("Attach photos").setInputFiles({
    name: "notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("not a photo"),
  });
  await expect(buyer.page.getByRole("alert")).toContainText("only JPEG, PNG and WebP");
  await expect(buyer.page.getByRole("button", { name: "Send" })).toBeDisabled();
  // A PNG name on text is caught by the server, by its content.
  await buyer.page.getByLabel("Attach photos").setInputFiles({
    name: "fake.png",
    mimeType: "image/png",
    buffer: Buffer.from("not a photo either, despite its name"),
  });
  await expect(buyer.page.getByRole("alert").filter({ hasText: "Only JPEG, PNG and WebP images" })).toBeVisible();
  await buyer.page.getByRole("button", { name: "Remove photo 1" }).click();
  await expect(buyer.page.getByRole("list", { name: "Photos to send" })).toHaveCount(0);
});

test("archiving moves a conversation to Archived until the other person writes", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName, buyerName, title } = await sellerAndBuyer(browser);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "Is it still available?");
  await expect(buyer.page.getByText("Sending…")).toBeHidden();

  await seller.page.goto(`/dashboard/messages?conversation=${conversationId}`);
  await hydrated(seller.page);
  await expect(log(seller.page).getByText("Is it still available?")).toBeVisible();
  const conversations = seller.page.getByRole("list", { name: "Conversations" });
  const item = seller.page.getByRole("link", { name: new RegExp(`${buyerName}.*${title}`) });
  await expect(item).toBeVisible();
  await (await threadAction(seller.page, "Archive")).click();
  await expect(seller.page.getByRole("button", { name: "Unarchive" })).toBeVisible();
  await expect(item).toHaveCount(0); // left the list at once

  await seller.page.getByRole("link", { name: "Archived" }).click();
  await expect(seller.page).toHaveURL(/folder=archived/);
  await expect(item).toBeVisible();

  // A new message from the buyer brings it back to the inbox.
  await send(buyer.page, "Hello?");
  await expect(buyer.page.getByText("Sending…")).toBeHidden();
  await expect(item).toHaveCount(0);
  await seller.page.getByRole("link", { name: "Inbox" }).click();
  await expect(conversations.getByRole("link", { name: new RegExp(`${buyerName}.*${title}`) })).toContainText("Hello?");
  await seller.page.goto("/dashboard/messages?folder=archived");
  await expect(seller.page.getByText("No archived conversations")).toBeVisible();
});

test("mark unread shows the conversation unread again, and opening it reads it", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "Can you ship it?");
  await expect(buyer.page.getByText("Sending…")).toBeHidden();

  await seller.page.goto(`/dashboard/messages?conversation=${conversationId}`);
  await hydrated(seller.page);
  await expect(log(seller.page).getByText("Can you ship it?")).toBeVisible();
  await expect(badgeCount(seller.page)).toBeHidden();
  await (await threadAction(seller.page, "Mark unread")).click();
  await expect(seller.page).toHaveURL(/\/dashboard\/messages$/);
  await expect(badgeCount(seller.page)).toHaveText(/^1/);

  await seller.page.getByRole("link", { name: /Can you ship it\?/ }).click();
  await expect(log(seller.page).getByText("Can you ship it?")).toBeVisible();
  await expect(badgeCount(seller.page)).toBeHidden();
});

test("search finds a message whatever its accents and opens the conversation at it", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversationId = await contactSeller(buyer.page, listingPath, sellerName);
  const older = "Le fauteuil a-t-il des éraflures sur les accoudoirs ?";
  await send(buyer.page, older);
  // Enough newer messages that the hit is not on the thread's first page
  // (50), from both sides so neither reaches the limit of 30 a minute.
  for (let i = 1; i <= 29; i++) {
    for (const who of [buyer, seller]) {
      const sent = await who.page.request.post("/api/messages", {
        data: { conversationId, content: `Message de remplissage ${i}` },
      });
      expect(sent.status()).toBe(201);
    }
  }

  await seller.page.goto("/dashboard/messages");
  await hydrated(seller.page);
  await seller.page.getByRole("searchbox", { name: "Search messages" }).fill("eraflure");
  await seller.page.getByRole("button", { name: "Search" }).click();
  const results = seller.page.getByRole("list", { name: "Search results" });
  const hit = results.getByRole("link");
  await expect(hit).toHaveCount(1);
  await expect(hit.locator("mark")).toHaveText("éraflures");
  await hit.click();
  await expect(seller.page).toHaveURL(/message=/);
  const bubble = log(seller.page).locator(".bubble.highlighted");
  await expect(bubble).toContainText(older);
  await expect(bubble).toBeInViewport();
  await expect(messageBox(seller.page)).toBeVisible();
});
