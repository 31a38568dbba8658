// Burst benchmark (not a test): 500 logins at once against one server.
// Password hashing (Argon2, 19 MiB each) is bounded to one per core, so the
// burst should queue or get 503, not take every thread and gigabytes of
// memory, and other requests should keep answering.
//
//   BENCH_DATABASE_URL=postgres://… node end2end/tools/login-burst.mjs [logins]
//
// Starts SOUK_BIN (default target/release/souk: build it with
// `cargo leptos build --release --split`) on port 3400, makes the accounts,
// then measures, in the same run, the baseline (idle memory, latency of
// GET /api/listings with nothing else going on) and the same during the
// burst. Prints figures and ratios.
import { now, pause, percentile, processStatus, register, startServer, waitFor } from "./lib/site.mjs";

const databaseUrl = process.env.BENCH_DATABASE_URL;
const logins = Number(process.argv[2] ?? 500);
if (!databaseUrl) {
  console.error("set BENCH_DATABASE_URL");
  process.exit(2);
}

const site = startServer({
  binary: process.env.SOUK_BIN ?? "target/release/souk",
  databaseUrl,
  port: 3400,
  env: { SOUK_LIMIT_REGISTER_IP: "off" },
});
const rssKb = () => processStatus(site.server.pid, "VmRSS");
const threads = () => processStatus(site.server.pid, "Threads");

/** GET /api/listings back to back until `stop()`; latencies and failures. */
function probe() {
  const latencies = [];
  let failures = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const res = await site.call("GET", "/api/listings", { timeoutMs: 10_000 });
      if (res.status === 200) latencies.push(res.ms);
      else failures += 1;
      await pause(20);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return { latencies, failures };
    },
  };
}

/** Samples the server's resident memory and threads until `stop()`. */
function sampler() {
  let peakRss = 0;
  let peakThreads = 0;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, rssKb());
    peakThreads = Math.max(peakThreads, threads());
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return { peakRss, peakThreads };
    },
  };
}

const ms = (v) => `${v.toFixed(0)} ms`;
const mib = (kb) => `${(kb / 1024).toFixed(0)} MiB`;

try {
  await waitFor("the server", async () => (await site.call("GET", "/readyz")).status === 200, 60_000);
  process.stdout.write(`making ${logins} accounts… `);
  const users = [];
  for (let i = 0; i < logins; i += 8) {
    const batch = Array.from({ length: Math.min(8, logins - i) }, (_, j) =>
      register(site, `Burst${i + j}`, "burst.test"),
    );
    users.push(...(await Promise.all(batch)));
  }
  console.log("done");

  // Baseline: the same probe with nothing else going on.
  const idleRss = rssKb();
  const idleThreads = threads();
  const idleProbe = probe();
  await pause(3_000);
  const idle = await idleProbe.stop();

  const burstProbe = probe();
  const memory = sampler();
  const started = now();
  const answers = await Promise.all(
    users.map((u) =>
      site.call("POST", "/api/auth/login", {
        body: { email: u.email, password: "password123" },
        timeoutMs: 60_000,
      }),
    ),
  );
  const burstMs = now() - started;
  const { peakRss, peakThreads } = memory.stop();
  const busy = await burstProbe.stop();

  const byStatus = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const loginMs = answers.map((a) => a.ms);
  const idleP50 = percentile(idle.latencies, 50);
  const idleP99 = percentile(idle.latencies, 99);
  const busyP50 = percentile(busy.latencies, 50);
  const busyP99 = percentile(busy.latencies, 99);
  console.log(
    [
      `login burst: ${logins} parallel logins in ${ms(burstMs)}`,
      `  answers by status ${JSON.stringify(byStatus)} (503: waited 5 s for a hashing slot)`,
      `  login latency p50 ${ms(percentile(loginMs, 50))}, p99 ${ms(percentile(loginMs, 99))}, max ${ms(Math.max(...loginMs))}`,
      `  server memory: idle ${mib(idleRss)}, peak ${mib(peakRss)} (×${(peakRss / idleRss).toFixed(2)}); ` +
        `threads idle ${idleThreads}, peak ${peakThreads}`,
      `  GET /api/listings meanwhile: ${busy.latencies.length} answered, ${busy.failures} failed; ` +
        `p50 ${ms(busyP50)} (idle ${ms(idleP50)}, ×${(busyP50 / idleP50).toFixed(1)}), ` +
        `p99 ${ms(busyP99)} (idle ${ms(idleP99)}, ×${(busyP99 / idleP99).toFixed(1)})`,
    ].join("\n"),
  );
} finally {
  site.server.kill("SIGTERM");
}
