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

# Python for local runs (pandas, scikit-learn; Optuna for bayesian sweeps) and the official SDK's
# source, which the tests use to cross-check Sluice's hashing: Debian's packages (PyPI is not
# reachable from these machines).
if ! /usr/bin/python3 -c "import pandas, sklearn, yaml, optuna" 2>/dev/null || [ ! -d /usr/lib/python3/dist-packages/azure/ai/ml ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "sluice: installing python3-pandas python3-sklearn python3-optuna python3-azure (apt)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pandas python3-sklearn python3-yaml python3-optuna python3-azure >/dev/null
  else
    echo "sluice: note: local runs need Python with pandas and scikit-learn (Debian: apt-get install python3-pandas python3-sklearn)" >&2
  fi
fi

# Chromium for the run page's browser tests (driven by playwright-core; no browser download):
# Debian's package, installed as root where it is missing.
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "sluice: installing chromium (apt) for the browser tests" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "sluice: note: the browser tests need Chromium (Debian: apt-get install chromium, or set CHROMIUM_PATH)" >&2
  fi
fi

# The shared sample data (../shared/data from the project root). A clone made elsewhere finds it
# beside the checkout it was cloned from; `.shared` (ignored by git) then points at it, and the
# example and the tests read the data through that one link.
find_shared() {
  if [ -n "${SLUICE_SHARED_DIR:-}" ]; then echo "$SLUICE_SHARED_DIR"; return; fi
  if [ -d "$SLUICE_ROOT/../shared/data" ]; then echo "$SLUICE_ROOT/../shared"; return; fi
  origin=$(git -C "$SLUICE_ROOT" remote get-url origin 2>/dev/null || true)
  if [ -n "$origin" ] && [ -d "$origin/../shared/data" ]; then (cd "$origin/../shared" && pwd); fi
}
shared=$(find_shared)
if [ -n "$shared" ] && [ -d "$shared/data" ]; then
  ln -sfn "$(cd "$shared" && pwd)" "$SLUICE_ROOT/.shared"
elif [ ! -e "$SLUICE_ROOT/.shared" ]; then
  echo "sluice: note: no shared sample data found (../shared/data); set SLUICE_SHARED_DIR to use it" >&2
fi
