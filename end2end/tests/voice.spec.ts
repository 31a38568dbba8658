import { expect } from "@playwright/test";
import { contactSeller, hydrated, log, sellerAndBuyer, test } from "./helpers";

// Voice messages: recorded with the (fake) microphone, which says a
// sentence from fixtures/voice.wav; sent on Stop, played on the other side.

test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

/** Keeps every microphone stream the page opens, to see it released. */
function keepStreams() {
  const streams: MediaStream[] = [];
  (window as any).__streams = streams;
  const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await open(constraints);
    streams.push(stream);
    return stream;
  };
}

const liveTracks = () =>
  ((window as any).__streams as MediaStream[]).flatMap((s) => s.getTracks()).filter((t) => t.readyState === "live")
    .length;

test("a recorded voice message plays on the other side, and the microphone is let go", async ({ browser }) => {
  const { seller, buyer, listingPath, sellerName, buyerName } = await sellerAndBuyer(browser);
  await buyer.page.addInitScript(keepStreams);
  const conversation = await contactSeller(buyer.page, listingPath, sellerName);
  await seller.page.goto(`/dashboard/messages?conversation=${conversation}`);
  await hydrated(seller.page);

  // Cancel drops the recording and the microphone.
  await buyer.page.getByRole("button", { name: "Record voice message" }).click();
  await expect(buyer.page.getByText(/Recording… 0:0[1-9]/)).toBeVisible();
  expect(await buyer.page.evaluate(liveTracks)).toBe(1);
  await buyer.page.getByRole("button", { name: "Cancel" }).click();
  await expect(buyer.page.getByRole("button", { name: "Record voice message" })).toBeVisible();
  expect(await buyer.page.evaluate(liveTracks)).toBe(0);
  await expect(log(buyer.page).getByRole("group", { name: /Voice message/ })).toHaveCount(0);

  // Stop sends it.
  await buyer.page.getByRole("button", { name: "Record voice message" }).click();
  await expect(buyer.page.getByText(/Recording… 0:0[2-9]/)).toBeVisible();
  await buyer.page.getByRole("button", { name: "Stop" }).click();
  const stopped = Date.now();
  expect(await buyer.page.evaluate(liveTracks)).toBe(0);
  await expect(log(buyer.page).getByRole("group", { name: /^Voice message, 0:0[2-9]$/ })).toBeVisible();

  const heard = log(seller.page).getByRole("group", { name: /^Voice message, 0:0[2-9]$/ });
  await expect(heard).toBeVisible();
  const audio = heard.locator("audio");
  // Playable: the player has read the recording's start.
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(2);
  console.log(`voice message: Stop → playable on the other side in ${Date.now() - stopped} ms`);
  await audio.evaluate((a: HTMLAudioElement) => a.play());
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0.3);
  const answer = await seller.page.request.get((await audio.getAttribute("src"))!);
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toMatch(/^audio\//);
  // What plays is the sentence the microphone heard, not silence: decoded,
  // as long as the recording, with the loudness of speech.
  const heardBack = await audio.evaluate(async (a: HTMLAudioElement) => {
    const bytes = await (await fetch(a.src)).arrayBuffer();
    const decoded = await new AudioContext().decodeAudioData(bytes);
    const samples = decoded.getChannelData(0);
    let sum = 0;
    for (const x of samples) sum += x * x;
    return { seconds: decoded.duration, rms: Math.sqrt(sum / samples.length) };
  });
  expect(heardBack.seconds).toBeGreaterThan(1.5);
  expect(heardBack.rms).toBeGreaterThan(0.01);

  await expect(seller.page.getByRole("link", { name: new RegExp(buyerName) })).toContainText("Voice message");
});

test("a refused microphone says so, and the message box stays", async ({ browser }) => {
  const { buyer, listingPath, sellerName } = await sellerAndBuyer(browser);
  await buyer.page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("denied", "NotAllowedError"));
  });
  await contactSeller(buyer.page, listingPath, sellerName);
  await buyer.page.getByRole("button", { name: "Record voice message" }).click();
  await expect(buyer.page.getByRole("alert")).toContainText("The microphone is blocked for this site");
  await expect(buyer.page.getByRole("textbox", { name: "Message" })).toBeVisible();
});
