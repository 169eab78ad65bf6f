#!/usr/bin/env bash
# README command 2: set up and run every test: lint and types, unit, end-to-end.
# The end-to-end tests start their own pcscd (vpcd on spare ports), socat pty pairs, door board
# simulators and kiosk processes, and stop them all; stop any running pcscd first.
source "$(dirname "$0")/lib.sh"
setup_all "${KIOSK_TEST_DEBIAN_PACKAGES[@]}"
cd "$KIOSK_ROOT"
say "Lint, format and types"
npm run --silent lint
say "Unit tests"
npm run --silent test:unit
say "End-to-end tests (real pcscd + vpcd, socat pty, SQLite file, HTTP)"
npm run --silent test:e2e
