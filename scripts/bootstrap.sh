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
# The bundled CLI (a cache of the sources, used only while newer than all of them).
node packages/runtime/scripts/build-cli.ts --if-stale

# Python for local runs (pandas, scikit-learn) and the official SDK's source, which the tests use
# to cross-check Sluice's hashing: Debian's packages (PyPI is not reachable from these machines).
if ! /usr/bin/python3 -c "import pandas, sklearn" 2>/dev/null || [ ! -d /usr/lib/python3/dist-packages/azure/ai/ml ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "sluice: installing python3-pandas python3-sklearn python3-azure (apt)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pandas python3-sklearn python3-azure >/dev/null
  else
    echo "sluice: note: local runs need Python with pandas and scikit-learn (Debian: apt-get install python3-pandas python3-sklearn)" >&2
  fi
fi
