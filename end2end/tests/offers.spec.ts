import { expect } from "@playwright/test";
import { audit, contactSeller, hydrated, log, sellerAndBuyer, send, test } from "./helpers";

// Offers: a whole deal between two browsers, live on both sides, and the
// listing it reserves.

test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

test("the buyer offers, the seller counters, the buyer accepts: both see Reserved live", async ({
  browser,
  browserErrors,
}) => {
  browserErrors.allow(/status of 400 \(Bad Request\)/); // the offer too low, refused on purpose
  const { seller, buyer, listingPath, sellerName, buyerName } = await sellerAndBuyer(browser);
  await contactSeller(buyer.page, listingPath, sellerName);
  await send(buyer.page, "Hello, would you take less?");
  await seller.page.goto("/dashboard/messages");
  await hydrated(seller.page);
  await seller.page.getByRole("link", { name: new RegExp(buyerName) }).click();
  await expect(log(seller.page).getByText("Hello, would you take less?")).toBeVisible();
  await hydrated(seller.page);

  // The buyer's offer: the dialog says the price and the lowest amount.
  await buyer.page.getByRole("button", { name: "Make an offer" }).click();
  const dialog = buyer.page.getByRole("dialog", { name: "Make an offer" });
  await expect(dialog).toContainText("Listing price: €80.00");
  await expect(dialog).toContainText("Lowest offer accepted: €40.00");
  await audit(buyer.page, "the offer dialog");
  await dialog.getByLabel("Amount").fill("30");
  await dialog.getByRole("button", { name: "Send offer" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("This offer is too low");
  await dialog.getByLabel("Amount").fill("60");
  await dialog.getByRole("button", { name: "Send offer" }).click();
  await expect(dialog).toBeHidden();
  const opening = (page = buyer.page, name = "You offered €60.00") => log(page).getByRole("article", { name });
  await expect(opening()).toContainText(`Waiting for ${sellerName}’s answer`);

  // The seller hears it live, and counters.
  const theirOffer = opening(seller.page, `${buyerName} offered €60.00`);
  await expect(theirOffer).toContainText("Waiting for your answer");
  await expect(seller.page.getByRole("link", { name: new RegExp(buyerName) })).toContainText("Offer: €60.00");
  await audit(seller.page, "an offer card with its answers");
  await theirOffer.getByRole("button", { name: "Counter offer" }).click();
  const counter = seller.page.getByRole("dialog", { name: "Counter offer" });
  await expect(counter).toContainText("Between €60.00 and €80.00");
  await counter.getByLabel("Amount").fill("70");
  await counter.getByRole("button", { name: "Send offer" }).click();
  await expect(theirOffer).toContainText("Countered");
  await expect(theirOffer.getByRole("button")).toHaveCount(0);

  // The buyer sees the counter live, their own offer countered, and accepts.
  const counterCard = log(buyer.page).getByRole("article", { name: `${sellerName} countered with €70.00` });
  await expect(counterCard).toBeVisible();
  await expect(opening()).toContainText("Countered");
  await counterCard.getByRole("button", { name: "Accept offer" }).click();
  await expect(log(buyer.page).getByText(`You accepted ${sellerName}’s offer of €70.00`)).toBeVisible();
  await expect(counterCard).toContainText("Accepted");
  await expect(buyer.page.locator(".thread-header").getByText("Reserved")).toBeVisible();
  await expect(buyer.page.getByRole("button", { name: "Make an offer" })).toBeHidden();

  await expect(log(seller.page).getByText(`${buyerName} accepted your offer of €70.00`)).toBeVisible();
  await expect(seller.page.locator(".thread-header").getByText("Reserved")).toBeVisible();
  await audit(seller.page, "an accepted offer");

  // The listing page says it; its seller marks it sold there, and the
  // buyer's open conversation hears it.
  await seller.page.goto(listingPath);
  await expect(seller.page.locator(".listing-price")).toContainText("Reserved");
  await seller.page.getByRole("button", { name: "Mark as sold" }).click();
  await expect(seller.page.locator(".listing-price")).toContainText("Sold");
  await expect(seller.page.getByRole("button", { name: "Mark as available" })).toBeVisible();
  await expect(buyer.page.locator(".thread-header").getByText("Sold")).toBeVisible();
  await expect(buyer.page.getByRole("link", { name: new RegExp(sellerName) })).toContainText("Sold");
  await buyer.page.goto(listingPath);
  await expect(buyer.page.locator(".listing-price")).toContainText("Sold");
});
