import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Absolute path of a Python file shipped in `packages/runtime/python/`. Resolved through the
 * package's own exports, so it is found from the sources and from the bundled CLI alike.
 */
export function pythonAsset(name: string): string {
  return require.resolve(`@sluice/runtime/python/${name}`);
}
