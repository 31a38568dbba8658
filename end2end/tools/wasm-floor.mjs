// What Leptos itself costs a page, against what souk's listing page loads.
// Builds end2end/tools/wasm-floor (a router, a header awaiting a server
// function's resource, one button) exactly as souk's browser code is built
// (souk's Cargo.lock, the `wasm-release` profile, `--cfg erase_components`,
// wasm-bindgen, then wasm-opt -Oz as cargo-leptos runs it) and prints its
// size beside souk's main module from the last release build:
//
//   cargo leptos build --release --split    # for souk's side
//   node end2end/tools/wasm-floor.mjs
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { root } from "./lib/site.mjs";
import { kb, WASM_BUDGET_GZIP, weigh } from "./lib/weight.mjs";

const crate = path.join(root, "end2end/tools/wasm-floor");
const targetDir = path.join(root, "target/wasm-floor");
const out = path.join(targetDir, "out");
const env = {
  ...process.env,
  PATH: `${path.join(root, "end2end/node_modules/.bin")}:${process.env.PATH}`,
  CARGO_TARGET_DIR: targetDir,
  RUSTFLAGS: "--cfg erase_components",
};
const run = (command, args) => execFileSync(command, args, { cwd: crate, env, stdio: "inherit" });

copyFileSync(path.join(root, "Cargo.lock"), path.join(crate, "Cargo.lock"));
run("cargo", ["build", "--lib", "--target", "wasm32-unknown-unknown", "--profile", "wasm-release"]);
run("wasm-bindgen", [
  "--target=web",
  `--out-dir=${out}`,
  "--out-name=floor",
  path.join(targetDir, "wasm32-unknown-unknown/wasm-release/wasm_floor.wasm"),
]);
const floorFile = path.join(out, "floor_bg.wasm");
run("wasm-opt", ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", floorFile, "-o", floorFile]);

const sizes = (file) => weigh(readFileSync(file));
const floor = sizes(floorFile);
console.log(`\nLeptos floor (wasm-floor):       ${kb(floor.raw)} raw, ${kb(floor.gzip)} gzip`);

const pkg = path.join(root, "target/site/pkg");
const main = existsSync(pkg) && readdirSync(pkg).find((name) => /^souk\..*\.wasm$/.test(name));
if (!main) {
  console.log("no release build of souk under target/site/pkg to compare with");
} else {
  const souk = sizes(path.join(pkg, main));
  console.log(`souk's main module (listing):   ${kb(souk.raw)} raw, ${kb(souk.gzip)} gzip`);
  console.log(`souk above the floor:           ${kb(souk.gzip - floor.gzip)} gzip`);
  console.log(`budget ${kb(WASM_BUDGET_GZIP)} gzip leaves ${kb(WASM_BUDGET_GZIP - floor.gzip)} above the floor`);
}
