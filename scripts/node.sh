#!/bin/sh
# Runs a TypeScript entry point with a Node that strips types (>= 22.18), installing the
# toolchain first when this clone has none. Arguments pass through untouched.
set -eu
. "$(dirname -- "$0")/toolchain.sh"
[ -d "$SLUICE_ROOT/node_modules" ] || sh "$SLUICE_ROOT/scripts/bootstrap.sh"
exec node --disable-warning=ExperimentalWarning "$@"
