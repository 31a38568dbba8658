// Upload benchmark: ten 10 MB images uploaded at once, against one
// uploaded alone (the baseline, same run). Prints throughput, latencies,
// and the server's memory: idle, and its peak (VmHWM) during the burst.
// Starts its own server (a release build) on a database of its own:
//
//   cargo leptos build --release --split
//   BENCH_DATABASE_URL=postgres://… node end2end/tools/upload-bench.mjs [parallel]
//
// Two kinds of files, each just under the 10 MiB cap: PNGs of random noise,
// 1800×1900 px (10.3 MB; noise does not compress), and JPEGs like a 12 MP
// phone photo, 4000×3000 px at quality 0.9 (about 9.5 MB, made by
// Chromium), which cost the most to decode and re-encode.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { noisePng } from "./lib/png.mjs";
import { percentile, processStatus, register, startServer, waitFor } from "./lib/site.mjs";

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error("set BENCH_DATABASE_URL");
const parallel = Number(process.argv[2] ?? 10);
const storage = fs.mkdtempSync(path.join(os.tmpdir(), "souk-upload-bench-"));
const site = startServer({
  binary: process.env.SOUK_BIN ?? "target/release/souk",
  databaseUrl,
  port: 3091,
  env: { SOUK_STORAGE_DIR: storage, SOUK_LIMIT_UPLOAD_USER: "off" },
});
/** `field` of the server's /proc status, in MiB. */
const memory = (field) => processStatus(site.server.pid, field) / 1024;

/** JPEGs of a 12 MP photo's size, from Chromium's encoder. */
async function photoJpegs(count) {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const page = await browser.newPage();
  const files = [];
  for (let i = 0; i < count; i++) {
    const base64 = await page.evaluate(async () => {
      const canvas = document.createElement("canvas");
      canvas.width = 4000;
      canvas.height = 3000;
      const context = canvas.getContext("2d");
      const image = context.createImageData(canvas.width, canvas.height);
      for (let i = 0; i < image.data.length; i += 4) {
        const v = Math.random() * 255;
        image.data.set([v, (v + ((i / 4) % canvas.width)) % 255, 128, 255], i);
      }
      context.putImageData(image, 0, 0);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = "";
      for (let j = 0; j < bytes.length; j += 0x8000) text += String.fromCharCode(...bytes.subarray(j, j + 0x8000));
      return btoa(text);
    });
    files.push(Buffer.from(base64, "base64"));
  }
  await browser.close();
  return files;
}

async function upload(cookie, bytes) {
  const form = new FormData();
  form.append("file", new Blob([bytes]), "upload.bin");
  const started = performance.now();
  const res = await fetch(site.base + "/api/messages/attachments", {
    method: "POST",
    headers: { cookie },
    body: form,
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${text}`);
  return performance.now() - started;
}

try {
  await waitFor("the server", async () => (await site.call("GET", "/readyz")).status === 200, 60_000);
  const user = await register(site, "Uploader");
  for (const [kind, files] of [
    ["PNG noise 1800×1900", Array.from({ length: parallel }, () => noisePng(1800, 1900))],
    ["JPEG 4000×3000 (12 MP)", await photoJpegs(parallel)],
  ]) {
    const mb = files.reduce((sum, f) => sum + f.length, 0) / files.length / 1e6;
    console.log(`\n${kind}: ${parallel} files of ${mb.toFixed(1)} MB on average (cap 10 MiB = 10.49 MB)`);
    const idle = memory("VmRSS");
    const alone = [];
    for (let i = 0; i < 3; i++) alone.push(await upload(user.cookie, files[i]));
    console.log(
      `  baseline, one at a time: ${alone.map((ms) => ms.toFixed(0)).join(", ")} ms` +
        ` → ${(mb / (percentile(alone, 50) / 1000)).toFixed(1)} MB/s (server at ${idle.toFixed(0)} MiB before)`,
    );
    const started = performance.now();
    const times = await Promise.all(files.map((file) => upload(user.cookie, file)));
    const wall = performance.now() - started;
    console.log(
      `  ${parallel} at once: all done in ${wall.toFixed(0)} ms → ${((mb * parallel) / (wall / 1000)).toFixed(1)} MB/s;` +
        ` each p50 ${percentile(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
    );
    console.log(
      `  server memory: peak so far (VmHWM) ${memory("VmHWM").toFixed(0)} MiB, now ${memory("VmRSS").toFixed(0)} MiB`,
    );
  }
  const stored = fs.readdirSync(path.join(storage, "originals")).length;
  console.log(`stored ${stored} originals`);
} finally {
  site.server.kill();
  fs.rmSync(storage, { recursive: true, force: true });
}
