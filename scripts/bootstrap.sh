#!/bin/sh
# One-time (idempotent, fast when nothing changed) set-up of a fresh clone:
# Node >= 22 and pnpm into .tools/, then the workspace from the frozen lockfile.
set -eu
. "$(dirname -- "$0")/toolchain.sh"
cd "$SLUICE_ROOT"
stamp=node_modules/.sluice-lock-stamp
want=$(cksum pnpm-lock.yaml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  pnpm install --frozen-lockfile --reporter=silent
  echo "$want" >"$stamp"
fi
