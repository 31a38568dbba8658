// Helpers shared by the load tools: start our server binary on a database,
// call it, and wait for a condition.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const now = () => performance.now();

/** Starts `binary` (relative to the repository) on `port` with `env` added. */
export function startServer({ binary = "target/debug/souk", databaseUrl, port, env = {} }) {
  const server = spawn(path.join(root, binary), [], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_OUTPUT_NAME: "souk",
      RUST_LOG: "error,tower_http=off",
      ...env,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  return { server, base, call: (method, urlPath, options) => call(base, method, urlPath, options) };
}

/** A number from `/proc/<pid>/status`, e.g. `VmRSS` (KiB) or `Threads`. */
export function processStatus(pid, field) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]);
}

/** One request; status 0 when there was no answer within `timeoutMs`. */
export async function call(base, method, urlPath, { cookie, body, timeoutMs = 30_000 } = {}) {
  const started = now();
  try {
    const res = await fetch(base + urlPath, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, ms: now() - started, headers: res.headers, text };
  } catch (error) {
    return { status: 0, ms: now() - started, error: String(error) };
  }
}

export async function waitFor(what, probe, timeoutMs) {
  const until = now() + timeoutMs;
  while (now() < until) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const pause = (ms) => new Promise((r) => setTimeout(r, ms));

export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Registers `name` with a unique email; its id, email and session cookie. */
export async function register(site, name, domain = "load.test") {
  const email = `${name}-${crypto.randomUUID()}@${domain}`;
  const res = await site.call("POST", "/api/auth/register", {
    body: { email, password: "password123", name },
  });
  if (res.status !== 201) throw new Error(`register ${name}: ${res.status} ${res.text}`);
  return {
    id: JSON.parse(res.text).data.id,
    email,
    cookie: res.headers.get("set-cookie").split(";")[0],
  };
}
