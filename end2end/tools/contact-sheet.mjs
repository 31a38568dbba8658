// Puts several screenshots side by side in one image, to look at narrow
// layouts together:  node end2end/tools/contact-sheet.mjs out.png a.png b.png …
import { chromium } from "@playwright/test";
import { readFileSync } from "node:fs";

const [out, ...files] = process.argv.slice(2);
const imgs = files
  .map((f) => `<figure><img src="data:image/png;base64,${readFileSync(f).toString("base64")}"><figcaption>${f.split("/").pop()}</figcaption></figure>`)
  .join("");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 400 * files.length, height: 800 } });
await page.setContent(`<body style="margin:0;display:flex;gap:12px;align-items:flex-start;background:#888;font:12px sans-serif">${imgs}</body>`);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
