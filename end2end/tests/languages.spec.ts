import { expect, type Browser, type Page } from "@playwright/test";
import { audit, hydrated, log, test, uniqueEmail } from "./helpers";

// French and English: a French browser reads French from the first page
// to the last, the header's switch changes the language and keeps it, and
// the French pages pass the same accessibility audit as the English ones.

test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

/** A French browser (`Accept-Language: fr-FR`) with a user registered in
 * French. */
async function frenchUser(browser: Browser, name: string) {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  const email = uniqueEmail(name.toLowerCase());
  await page.goto("/register");
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page).toHaveTitle("Créer un compte — souk");
  await page.getByLabel("Nom").fill(name);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Mot de passe").fill("correct horse");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
  return { context, page, email };
}

async function publishInFrench(page: Page, title: string, price: string) {
  await page.goto("/listings/new");
  await hydrated(page);
  await page.getByLabel("Titre").fill(title);
  await page.getByLabel("Description").fill(`Un beau ${title}, presque neuf.`);
  await page.getByLabel("Prix").fill(price);
  await page.getByRole("button", { name: "Publier" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  return new URL(page.url()).pathname;
}

test("a French browser gets French pages from sign-up and log-in to a read message", async ({ browser }) => {
  test.slow(); // two users, a listing, a conversation
  const tag = Date.now().toString(36);
  const seller = await frenchUser(browser, `Sol${tag}`);
  const title = `Fauteuil ${tag}`;
  const listingPath = await publishInFrench(seller.page, title, "1250");
  await expect(seller.page.getByText("1\u202f250,00\u00a0€")).toBeVisible();
  await expect(seller.page.getByText("C’est votre annonce")).toBeVisible();
  // Logging out and in again, in French.
  await seller.page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(seller.page.getByRole("link", { name: "Se connecter" })).toBeVisible();
  await seller.page.goto("/login");
  await hydrated(seller.page);
  await seller.page.getByLabel("E-mail").fill(seller.email);
  await seller.page.getByLabel("Mot de passe").fill("wrong horse");
  await seller.page.getByRole("button", { name: "Se connecter" }).click();
  await expect(seller.page.getByRole("alert")).toHaveText("E-mail ou mot de passe incorrect.");
  // The form posted without code: the page came back with the error.
  await seller.page.getByLabel("E-mail").fill(seller.email);
  await seller.page.getByLabel("Mot de passe").fill("correct horse");
  await seller.page.getByRole("button", { name: "Se connecter" }).click();
  await expect(seller.page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();

  const buyer = await frenchUser(browser, `Lea${tag}`);
  await buyer.page.goto(listingPath);
  await hydrated(buyer.page);
  await expect(buyer.page.getByText("Vendu par")).toBeVisible();
  await buyer.page.getByRole("button", { name: `Contacter Sol${tag}` }).click();
  await expect(buyer.page).toHaveURL(/\/dashboard\/messages\?conversation=[0-9a-f-]{36}$/);
  await expect(log(buyer.page)).toHaveAccessibleName(`Conversation avec Sol${tag}`);
  await hydrated(buyer.page);
  await expect(buyer.page.getByText("Pas encore de message. Dites bonjour !")).toBeVisible();
  await buyer.page.getByRole("textbox", { name: "Message" }).fill("Bonjour, toujours disponible ?");
  await buyer.page.getByRole("button", { name: "Envoyer" }).click();
  await expect(log(buyer.page).getByText("Bonjour, toujours disponible ?")).toBeVisible();

  // The seller's list says it in French, and reading it shows "Vu".
  await seller.page.goto("/dashboard/messages");
  await hydrated(seller.page);
  await expect(seller.page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
  const item = seller.page.getByRole("link", { name: new RegExp(`Lea${tag}`) });
  await expect(item).toContainText("à l’instant");
  await expect(item).toContainText("1 non lu");
  await item.click();
  await expect(log(seller.page).getByText("Bonjour, toujours disponible ?")).toBeVisible();
  await expect(log(buyer.page).getByText("Vu", { exact: true })).toBeVisible();
  await expect(buyer.page.getByLabel("Actions sur la conversation")).toBeVisible();
  for (const page of [seller.page, buyer.page]) {
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("link", { name: "Déposer une annonce" })).toBeVisible();
  }
});

test("the switch changes the language, keeps it across pages and a restart, and follows the account", async ({
  browser,
}) => {
  const english = await browser.newContext({ locale: "en-US" });
  const page = await english.newPage();
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1, name: "Se connecter" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Dernières annonces" })).toBeVisible();

  // A new browser with the same cookies (a restart) stays in French.
  const restarted = await browser.newContext({ locale: "en-US", storageState: await english.storageState() });
  const again = await restarted.newPage();
  await again.goto("/register");
  await expect(again.getByRole("heading", { level: 1, name: "Créer un compte" })).toBeVisible();

  // Chosen by a logged-in user, the language follows their account to
  // another device: logging in there brings it.
  const email = uniqueEmail("switcher");
  await again.getByLabel("Nom").fill("Switcher");
  await again.getByLabel("E-mail").fill(email);
  await again.getByLabel("Mot de passe").fill("correct horse");
  await again.getByRole("button", { name: "Créer mon compte" }).click();
  await again.getByRole("button", { name: "English" }).click();
  await expect(again.getByRole("button", { name: "Log out" })).toBeVisible();
  await again.getByRole("button", { name: "Français" }).click();
  await expect(again.getByRole("button", { name: "Se déconnecter" })).toBeVisible();

  const elsewhere = await browser.newContext({ locale: "en-US" });
  const other = await elsewhere.newPage();
  await other.goto("/login");
  await expect(other.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill("correct horse");
  await other.getByRole("button", { name: "Log in" }).click();
  await expect(other.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
});

test("French pages pass the accessibility audit", async ({ browser }) => {
  test.slow(); // two users and seven pages, each audited
  const tag = Date.now().toString(36);
  const seller = await frenchUser(browser, `Sid${tag}`);
  const listingPath = await publishInFrench(seller.page, `Lampe ${tag}`, "15");
  await audit(seller.page, "own listing, French");
  const visitor = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  for (const [path, what] of [
    ["/", "home"],
    ["/login", "login"],
    ["/register", "register"],
    [listingPath, "listing"],
  ]) {
    await visitor.goto(path);
    await audit(visitor, `${what}, French`);
  }
  const buyer = await frenchUser(browser, `Bao${tag}`);
  await buyer.page.goto("/settings");
  await audit(buyer.page, "settings, French");
  await buyer.page.goto(listingPath);
  await hydrated(buyer.page);
  await buyer.page.getByRole("button", { name: `Contacter Sid${tag}` }).click();
  await expect(log(buyer.page)).toBeVisible();
  await buyer.page.getByRole("textbox", { name: "Message" }).fill("Elle marche toujours ?");
  await buyer.page.getByRole("button", { name: "Envoyer" }).click();
  await expect(log(buyer.page).getByText("Elle marche toujours ?")).toBeVisible();
  await audit(buyer.page, "inbox with an open thread, French");
});
