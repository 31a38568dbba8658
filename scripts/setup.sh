# Shared by scripts/run and scripts/test: installs only what is missing,
# so a second run costs seconds. Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"
# sqlx-cli must match the sqlx line in Cargo.toml (0.8), not the newest.
SQLX_CLI_VERSION="0.8.6"
LEPTOSFMT_VERSION="0.1.33"
# The local SMTP server the email tests send to (PyPI).
AIOSMTPD_VERSION="1.4.6"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
# What cargo-leptos bakes into the binary; set for plain `cargo test` too, so
# the two builds share artifacts instead of rebuilding each other.
export LEPTOS_OUTPUT_NAME=souk

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  # $@: packages to install when their probe is missing.
  [ -f /tmp/.souk-apt-updated ] || { as_root apt-get update -qq && touch /tmp/.souk-apt-updated; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The exact wasm-bindgen version in Cargo.lock: the CLI must match it.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  if ! cargo sqlx --version 2>/dev/null | grep -q "$SQLX_CLI_VERSION"; then
    log "installing sqlx-cli $SQLX_CLI_VERSION (a few minutes, once)"
    cargo install sqlx-cli --version "$SQLX_CLI_VERSION" --locked \
      --no-default-features --features postgres,rustls
  fi
  if ! leptosfmt --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; then
    log "installing leptosfmt $LEPTOSFMT_VERSION"
    cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
  fi
  local wbg
  wbg="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$wbg"; then
    log "installing wasm-bindgen-cli $wbg"
    # Not --locked: one of its locked dependencies is gone from crates.io.
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
}

ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
    log "installing PostgreSQL"
    apt_install postgresql
  fi
  command -v psql >/dev/null || apt_install postgresql-client
}

# npm packages of the project: binaryen (wasm-opt for release builds) and
# Playwright. Reinstalled only when package-lock.json changes.
ensure_node_packages() {
  command -v npm >/dev/null || apt_install nodejs npm
  local stamp="$ROOT/end2end/node_modules/.souk-lock"
  if ! cmp -s "$ROOT/end2end/package-lock.json" "$stamp" 2>/dev/null; then
    log "installing npm packages"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/end2end/package-lock.json" "$stamp"
  fi
}

# Python tools for the tests, in a virtual environment of the project's
# (.souk/python): aiosmtpd, a real SMTP server the email tests start on
# loopback. Exports SOUK_PYTHON, the interpreter that has them.
ensure_python_tools() {
  local venv="$ROOT/.souk/python"
  if ! "$venv/bin/python" -c "import aiosmtpd" 2>/dev/null; then
    log "installing aiosmtpd $AIOSMTPD_VERSION (Python, for the email tests)"
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; }
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
  fi
  export SOUK_PYTHON="$venv/bin/python"
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || { log "installing Chromium"; apt_install chromium; }
}

# The directory of the PostgreSQL binaries (following a symlinked `initdb`
# on PATH to the real directory, which also holds createdb and psql; CI
# machines link only initdb, pg_ctl and postgres into /usr/local/bin).
pg_bin() {
  local dir
  if command -v initdb >/dev/null; then
    dir="$(dirname "$(readlink -f "$(command -v initdb)")")"
    [ -x "$dir/createdb" ] && { echo "$dir"; return; }
  fi
  ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1
}

# Starts a throwaway PostgreSQL cluster for the tests, tuned for speed
# (no fsync: its data dies with it). Sets TEST_PG_DIR and DATABASE_URL.
start_test_postgres() {
  local bin run=()
  bin="$(pg_bin)"
  TEST_PG_DIR="$(mktemp -d /tmp/souk-test-pg.XXXXXX)"
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    chown postgres:postgres "$TEST_PG_DIR"
    run=(runuser -u postgres --)
  fi
  (cd / && "${run[@]}" "$bin/initdb" -D "$TEST_PG_DIR/data" -U souk --auth=trust --no-locale -E UTF8 >/dev/null)
  export TEST_PG_DIR
  export DATABASE_URL="postgres://souk@localhost:5432/postgres?host=$TEST_PG_DIR"
  PG_RUN=("${run[@]}")
  PG_BIN="$bin"
  test_postgres_ctl start
}

# `test_postgres_ctl stop|start` stops (cleanly: acknowledged commits are
# kept) or starts the test cluster at $TEST_PG_DIR; the fault test uses it.
test_postgres_ctl() {
  if [ -z "${PG_BIN:-}" ]; then
    PG_BIN="$(pg_bin)"; PG_RUN=()
    [ "$(id -u)" = 0 ] && PG_RUN=(runuser -u postgres --)
  fi
  case "$1" in
    start) (cd / && "${PG_RUN[@]}" "$PG_BIN/pg_ctl" start -w -D "$TEST_PG_DIR/data" -l "$TEST_PG_DIR/server.log" \
      -o "-k $TEST_PG_DIR -p 5432 -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null) ;;
    stop) (cd / && "${PG_RUN[@]}" "$PG_BIN/pg_ctl" stop -w -m fast -D "$TEST_PG_DIR/data" >/dev/null) ;;
  esac
}

stop_test_postgres() {
  [ -n "${TEST_PG_DIR:-}" ] || return 0
  (cd / && "${PG_RUN[@]}" "$PG_BIN/pg_ctl" stop -m immediate -D "$TEST_PG_DIR/data" >/dev/null 2>&1) || true
  rm -rf "$TEST_PG_DIR"
}
