# Shared by the two README commands: install what is missing, nothing more.
# Sourced, not run. Needs Debian (apt-get) and npm; the Node.js of the pinned line (.nvmrc) is
# used from PATH or installed by scripts/env.sh.
set -euo pipefail

KIOSK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/env.sh
source "$KIOSK_ROOT/scripts/env.sh"
# pcscd + libpcsclite-dev: PC/SC middleware and the headers the pcsclite addon builds against.
# vsmartcard-vpcd: the virtual reader driver (test and demo only). socat: pseudo-terminal pairs.
# pcsc-tools, opensc: pcsc_scan and opensc-tool, for an installer checking a reader by hand.
KIOSK_DEBIAN_PACKAGES=(pcscd libpcsclite-dev vsmartcard-vpcd socat pcsc-tools opensc)
# For the tests only: faketime (libfaketime) sets the clock of a kiosk process under test, so a
# test can stand on a Tuesday at 10:00 and at 22:00; sqlite3 (the command-line tool) is the audit
# export benchmark's floor, run small in the suite. Never part of an installation.
KIOSK_TEST_DEBIAN_PACKAGES=(faketime sqlite3)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root for: $*" >&2; return 1
  fi
}

check_node() {
  say "Node.js $(node --version) ($(command -v node)), npm $(npm --version)"
}

install_debian_packages() {
  local missing=()
  for p in "${KIOSK_DEBIAN_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# npm ci only when the lockfile or the Node.js changed since the last install: it rebuilds the
# native addons, which are built for one Node ABI.
install_node_modules() {
  # A node_modules that is a link to another checkout's is that checkout's: npm ci here would
  # empty it through the link. Use it as it is.
  if [ -L "$KIOSK_ROOT/node_modules" ]; then
    say "node_modules links to $(readlink "$KIOSK_ROOT/node_modules"): using it as it is (no npm ci)"
    return 0
  fi
  local stamp="$KIOSK_ROOT/node_modules/.kiosk-install.stamp"
  local want
  want="lock $(sha256sum "$KIOSK_ROOT/package-lock.json" | cut -d' ' -f1) node $(node -p 'process.version + " abi " + process.versions.modules')"
  if [ "${CI:-}" = true ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "Installing npm packages (npm ci)"
    (cd "$KIOSK_ROOT" && npm ci --no-audit --no-fund)
    echo "$want" >"$stamp"
  fi
}

build() {
  say "Building"
  (cd "$KIOSK_ROOT" && npm run --silent build)
}

# Fails loudly, naming each addon, when one was built for another Node than this one.
check_native_addons() {
  (cd "$KIOSK_ROOT" && npm run --silent check:addons)
}

# True when a live pcscd runs. A killed daemon can linger as a zombie (state Z) until reaped:
# pgrep still lists it, but it serves nothing, so it does not count.
pcscd_running() {
  local pid state
  for pid in $(pgrep -x pcscd); do
    state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)
    if [ -n "$state" ] && [ "$state" != Z ]; then return 0; fi
  done
  return 1
}

# setup_all [extra Debian packages]
setup_all() {
  check_node
  install_debian_packages "$@"
  install_node_modules
  build
  check_native_addons
}
