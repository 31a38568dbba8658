import { expect } from "@playwright/test";
import { hydrated, log, messageBox, sellerAndBuyer, test } from "./helpers";

// Quick questions: a suggested first question opens the conversation with
// the question in the message box, not sent.

test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

test("a quick question lands in the message box unsent, to be edited and sent", async ({ browser }) => {
  const { seller, buyer, listingPath, buyerName } = await sellerAndBuyer(browser);
  // The seller sees none on their own listing.
  await seller.page.goto(listingPath);
  await expect(seller.page.getByRole("button", { name: "Is it still available?" })).toHaveCount(0);

  await buyer.page.goto(listingPath);
  await hydrated(buyer.page);
  await expect(buyer.page.getByRole("button", { name: "Is the price negotiable?" })).toBeVisible();
  await expect(buyer.page.getByRole("button", { name: "When could I come and see it?" })).toBeVisible();
  await buyer.page.getByRole("button", { name: "Is it still available?" }).click();
  await expect(buyer.page).toHaveURL(/\/dashboard\/messages\?conversation=[0-9a-f-]{36}&draft=/);
  await hydrated(buyer.page);
  await expect(messageBox(buyer.page)).toHaveValue("Is it still available?");
  await expect(log(buyer.page).getByText("No messages yet. Say hello!")).toBeVisible();

  // Nothing reached the seller: the conversation is there, empty.
  await seller.page.goto("/dashboard/messages");
  await hydrated(seller.page);
  await expect(seller.page.getByRole("link", { name: new RegExp(buyerName) })).toContainText("No messages yet");

  await messageBox(buyer.page).fill("Is it still available? I could come tonight.");
  await buyer.page.getByRole("button", { name: "Send" }).click();
  await expect(log(buyer.page).getByText("I could come tonight.")).toBeVisible();
  await expect(seller.page.getByRole("link", { name: new RegExp(buyerName) })).toContainText("I could come tonight.");
});
