// Upload benchmark: ten 10 MB images uploaded at once, against one
// uploaded alone (the baseline, same run). Prints throughput, latencies,
// and the server's memory: idle, and its peak (VmHWM) during the burst.
// Starts its own server (a release build) on a database of its own:
//
//   cargo leptos build --release --split
//   BENCH_DATABASE_URL=postgres://… node end2end/tools/upload-bench.mjs [parallel]
//
// The images are PNGs of random noise, 1800×1900 px (10.3 MB): noise does
// not compress, so each file is as large as the cap allows and decoding
// and re-encoding it is the worst case.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encodePng } from "./lib/png.mjs";
import { percentile, register, startServer, waitFor } from "./lib/site.mjs";

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
const memory = (field) => {
  const status = fs.readFileSync(`/proc/${site.server.pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]) / 1024; // MiB
};

/** Random noise: every pixel costs its 3 bytes, compressed or not. */
const noisePng = (width, height) =>
  encodePng(width, height, () => [Math.random() * 256, Math.random() * 256, Math.random() * 256], {
    level: 0,
  });

async function upload(cookie, bytes) {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "image/png" }), "noise.png");
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
  const files = Array.from({ length: parallel }, () => noisePng(1800, 1900));
  const mb = files[0].length / 1e6;
  console.log(`${parallel} files of ${mb.toFixed(1)} MB (cap 10 MiB = 10.49 MB)`);

  const idle = memory("VmRSS");
  const alone = [];
  for (let i = 0; i < 3; i++) alone.push(await upload(user.cookie, files[i]));
  const afterAlone = memory("VmHWM");
  console.log(
    `baseline, one at a time: ${alone.map((ms) => ms.toFixed(0)).join(", ")} ms` +
      ` → ${(mb / (percentile(alone, 50) / 1000)).toFixed(1)} MB/s; peak memory ${afterAlone.toFixed(0)} MiB (idle ${idle.toFixed(0)} MiB)`,
  );

  const started = performance.now();
  const times = await Promise.all(files.map((file) => upload(user.cookie, file)));
  const wall = performance.now() - started;
  const peak = memory("VmHWM");
  console.log(
    `${parallel} at once: all done in ${wall.toFixed(0)} ms → ${((mb * parallel) / (wall / 1000)).toFixed(1)} MB/s;` +
      ` each p50 ${percentile(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
  );
  console.log(
    `server memory: idle ${idle.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB during the burst,` +
      ` now ${memory("VmRSS").toFixed(0)} MiB`,
  );
  const stored = fs.readdirSync(path.join(storage, "originals")).length;
  console.log(`stored ${stored} originals`);
} finally {
  site.server.kill();
  fs.rmSync(storage, { recursive: true, force: true });
}
