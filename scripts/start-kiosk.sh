#!/usr/bin/env bash
# README command 1: set up and run the kiosk on its embedded defaults.
#   SQLite file ./data/kiosk.db, HTTP on 127.0.0.1:8080, every PC/SC reader, and (with no
#   KIOSK_DOOR_PORT) the door board simulator on an internal pseudo-terminal pair, its LCD and
#   relay printed on this console. Tap a virtual card from another shell: npm run tap -- <uid>
source "$(dirname "$0")/lib.sh"
setup_all

if ! pcscd_running; then
  say "Starting pcscd (PC/SC middleware, with the vpcd virtual reader driver for the demo)"
  as_root pcscd
fi
cat >&2 <<'TXT'
==> The vpcd virtual reader listens on TCP 35963/35964 for virtual cards: a test and demo
    facility. On a production terminal, remove it: apt-get purge vsmartcard-vpcd
==> Enrol a card:   npx kiosk holder add --name "Ada Lovelace" --uid 04A224E2C35E80 --group Everyone
==> Tap it:         npm run tap -- 04A224E2C35E80
TXT
cd "$KIOSK_ROOT"
# Readable log lines among the simulated board's console; a service keeps the default, JSON.
export KIOSK_LOG_FORMAT="${KIOSK_LOG_FORMAT:-pretty}"
exec node dist/apps/kiosk/src/main.js
