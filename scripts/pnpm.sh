#!/bin/sh
# pnpm from the provisioned toolchain (see toolchain.sh).
set -eu
. "$(dirname -- "$0")/toolchain.sh"
exec pnpm "$@"
