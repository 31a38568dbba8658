import { defineConfig } from "@playwright/test";

// The site under test: the binary built by `cargo leptos build`, on its own
// database (E2E_DATABASE_URL, made by scripts/test) and its own port.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  // Sized for a machine twice as slow as a loaded CI machine: the slowest
  // test takes about 15 s on two quiet cores, a wait for the page about 1 s.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is not possible here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        // Voice messages and calls: a fake camera, and a microphone that
        // says a sentence (espeak-ng's), granted without asking.
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        `--use-file-for-fake-audio-capture=${__dirname}/fixtures/voice.wav`,
        "--autoplay-policy=no-user-gesture-required",
      ],
    },
  },
  webServer: {
    command: "target/debug/souk",
    cwd: "..",
    url: `${baseURL}/api/listings`,
    reuseExistingServer: false,
    timeout: 60_000,
    // The server's warnings and errors (RUST_LOG below) go to its stdout:
    // shown with the tests' output, they explain a failure there.
    stdout: "pipe",
    env: {
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_OUTPUT_NAME: "souk",
      SOUK_DEMO: "1",
      // Every test registers its own users, all from this machine's address.
      SOUK_LIMIT_REGISTER_IP: "off",
      // The paging test starts more conversations than an hour allows.
      SOUK_LIMIT_CONVERSATION_USER: "off",
      SOUK_MODERATORS: "moderator@souk.test",
      // The tests' stand-in push subscriptions point at this server.
      SOUK_PUSH_ALLOW_INSECURE: "1",
      // An unanswered call is missed after 6 s rather than 30.
      SOUK_CALL_RING_S: "6",
      RUST_LOG: "warn",
    },
  },
});
