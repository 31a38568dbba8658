import { expect } from "@playwright/test";
import { audit, contactSeller, hydrated, log, messageBox, sellerAndBuyer, test } from "./helpers";

// Scam warnings: the sender is told before sending, the recipient sees a
// notice on the message with a Report action.

test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

test("a phone number shows the sender a note before sending and the recipient a notice to report", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);

  await messageBox(buyer.page).fill("Is it still there?");
  const note = buyer.page.locator(".composer-caution");
  await messageBox(buyer.page).fill("Call me on 06 12 34 56 78 tonight");
  await expect(note).toContainText("Sharing a phone number? Keep the conversation here");
  await expect(note).toContainText("You can still send it.");
  await audit(buyer.page, "the message box with its note");
  await buyer.page.getByRole("button", { name: "Send" }).click();
  await expect(log(buyer.page).getByText("Call me on 06 12 34 56 78 tonight")).toBeVisible();
  await expect(note).toHaveCount(0);
  // The sender's own message carries no notice.
  await expect(log(buyer.page).getByRole("note")).toHaveCount(0);

  await seller.page.goto(`/dashboard/messages?conversation=${conversation}`);
  await hydrated(seller.page);
  const notice = log(seller.page).getByRole("note");
  await expect(notice).toContainText("Stay safe: never pay or share personal details outside souk.");
  await audit(seller.page, "a message with its scam notice");
  await notice.getByRole("button", { name: "Report" }).click();
  await expect(notice.getByRole("status")).toContainText("Reported.");

  // An ordinary reply raises nothing.
  const checked = seller.page.waitForResponse((r) => r.url().endsWith("/rpc/draft_warnings"));
  await messageBox(seller.page).fill("Yes, it is still available at 80 €, come on 12/03 at 18h30.");
  expect(await (await checked).json()).toEqual([]);
  await expect(seller.page.locator(".composer-caution")).toHaveCount(0);
});
