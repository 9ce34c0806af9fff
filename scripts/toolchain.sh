# Sourced by the other scripts: puts a Node >= 22 and pnpm 10 on PATH.
# Machines here ship Node 20 and reach only the npm registry, whose `node` and `pnpm` packages
# carry working binaries; they are installed into .tools/ (ignored by git) once.
SLUICE_ROOT=${SLUICE_ROOT:-$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)}
SLUICE_TOOLS="$SLUICE_ROOT/.tools"
SLUICE_NODE_VERSION=24.21.0
SLUICE_PNPM_VERSION=10.34.9

sluice_node_major() {
  "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

sluice_ensure_tools() {
  pkgs=""
  if [ ! -x "$SLUICE_TOOLS/node_modules/.bin/pnpm" ]; then pkgs="pnpm@$SLUICE_PNPM_VERSION"; fi
  if [ "$(sluice_node_major node)" -lt 22 ] && [ ! -x "$SLUICE_TOOLS/node_modules/.bin/node" ]; then
    pkgs="$pkgs node@$SLUICE_NODE_VERSION"
  fi
  if [ -n "$pkgs" ]; then
    echo "sluice: provisioning $pkgs into .tools/" >&2
    mkdir -p "$SLUICE_TOOLS"
    [ -f "$SLUICE_TOOLS/package.json" ] || echo '{"private":true}' >"$SLUICE_TOOLS/package.json"
    # shellcheck disable=SC2086
    (cd "$SLUICE_TOOLS" && npm install --no-audit --no-fund --loglevel=error $pkgs >&2)
  fi
}

sluice_ensure_tools
PATH="$SLUICE_TOOLS/node_modules/.bin:$PATH"
export PATH
