import { expect, type Page } from "@playwright/test";
import { hydrated, register, login, logOut, publishListing, uniqueEmail, test } from "./helpers";

test("register, publish a listing, see it, log out and log back in with next", async ({ page }) => {
  const email = await register(page, "Camille", uniqueEmail("camille"));
  const title = `Retro lamp ${Date.now()}`;
  const path = await publishListing(page, title, "42,50");

  await expect(page.getByText("€42.50")).toBeVisible();
  await expect(page.getByText("This is your listing")).toBeVisible();

  await page.goto("/");
  const card = page.getByRole("link", { name: new RegExp(title) });
  await expect(card).toBeVisible();
  await card.click();
  await expect(page).toHaveURL(path);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await logOut(page);

  await login(page, email, path);
  await expect(page).toHaveURL(path);
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
});

test("a logged-out visitor is sent to login and back to the new-listing form", async ({ page }) => {
  await page.goto("/listings/new");
  await expect(page).toHaveURL(/\/login\?next=%2Flistings%2Fnew|\/login\?next=\/listings\/new/);
});

test("wrong password shows an error and stays on the login page", async ({ page, browserErrors }) => {
  browserErrors.allow(/status of 401 /);
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password");
  await expect(page).toHaveURL(/\/login/);
});

test("next never leaves the site", async ({ page }) => {
  await page.goto("/login?next=//evil.example.com/");
  await hydrated(page);
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
});

test("without JavaScript, a wrong password still shows the error", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login?next=/listings/new");
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password");
  // The form still carries `next`, so the second try lands there.
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/listings\/new$/);
  await context.close();
});

test("log out everywhere ends the session on the other device too", async ({ browser }) => {
  const phone = await browser.newContext();
  const laptop = await browser.newContext();
  const phonePage = await phone.newPage();
  const laptopPage = await laptop.newPage();
  const email = await register(phonePage, "Noa");
  await login(laptopPage, email);
  await expect(laptopPage.getByRole("button", { name: "Log out", exact: true })).toBeVisible();

  await hydrated(laptopPage);
  await laptopPage.getByLabel("More account actions").click();
  await laptopPage.getByRole("button", { name: "Log out everywhere" }).click();
  await expect(laptopPage.getByRole("link", { name: "Log in" })).toBeVisible();

  await phonePage.reload();
  await expect(phonePage.getByRole("link", { name: "Log in" })).toBeVisible();
  await Promise.all([phone.close(), laptop.close()]);
});

test("a visitor's pages load no code; logged in, only the messages page loads the inbox's", async ({ browser }) => {
  const code = (page: Page) => {
    const files: string[] = [];
    page.on("request", (r) => {
      if (/\/pkg\/.*\.(wasm|js)$/.test(new URL(r.url()).pathname)) files.push(new URL(r.url()).pathname);
    });
    return files;
  };
  const visitor = await (await browser.newContext()).newPage();
  const visitorCode = code(visitor);
  await visitor.goto("/");
  const listing = await visitor.locator("a[href^='/listings/']:not([href='/listings/new'])").first().getAttribute("href");
  await visitor.goto(listing!);
  await visitor.goto("/login");
  await visitor.waitForLoadState("networkidle");
  expect(visitorCode).toEqual([]);

  const member = await (await browser.newContext()).newPage();
  await register(member, "Maud", uniqueEmail("maud"));
  const memberCode = code(member);
  await member.goto(listing!);
  await hydrated(member);
  await member.waitForLoadState("networkidle");
  expect(memberCode.length).toBeGreaterThan(0); // the header's island
  expect(memberCode.filter((f) => f.includes("inbox"))).toEqual([]);
  await member.goto("/dashboard/messages");
  await hydrated(member);
  expect(memberCode.filter((f) => f.includes("inbox")).length).toBe(1);
});
