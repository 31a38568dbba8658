// The demo data as the page tools use it: Alice logged in, and one of
// Bob's listings (a listing page she did not write).
import { pageIsLive } from "./live.mjs";

/** Logs `context` in as Alice through the login form; the id of a
 * listing of Bob's. */
export async function logInAsAlice(context, base) {
  const page = await context.newPage();
  await page.goto(base + "/login");
  await page.waitForFunction(pageIsLive);
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("button", { name: "Log out" }).waitFor();
  const listing = await page.evaluate(async () => {
    const all = (await (await fetch("/api/listings")).json()).data;
    return all.find((l) => l.seller.name === "Bob").id;
  });
  await page.close();
  return listing;
}
