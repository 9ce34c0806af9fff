// The official Python SDK (Debian's python3-azure) is the oracle of the conformance tests. A
// machine without it may skip them, but never in silence and never in CI: there a missing
// oracle fails the run, so a green CI always means the oracle was consulted.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Whether `import azure.ai.ml` can be found by the machine's Python. */
function probe(): boolean {
  const r = spawnSync("/usr/bin/python3", ["-c", "import importlib.util,sys; sys.exit(0 if importlib.util.find_spec('azure.ai.ml') else 1)"]);
  return r.status === 0;
}

let cached: boolean | undefined;

/**
 * True when the SDK oracle is here. When it is not: throws under `CI` (a conformance test that
 * cannot consult its oracle must fail, not pass by skipping), else warns once and returns false.
 */
export function sdkOracle(): boolean {
  if (cached !== undefined) return cached;
  cached = probe();
  if (!cached) {
    const why = "the official SDK oracle (python3-azure, azure.ai.ml) is missing: apt-get install python3-azure (the bootstrap does it as root)";
    if (process.env.CI) throw new Error(`${why}; CI is set, so conformance tests fail rather than skip`);
    console.warn(`sluice tests: SKIPPING conformance tests: ${why}`);
  }
  return cached;
}

/** Same rule for a corpus folder the conformance tests read: missing in CI is a failure. */
export function corpusPresent(path: string): boolean {
  if (existsSync(path)) return true;
  if (process.env.CI) throw new Error(`${path} is missing; CI is set, so the tests that read it fail rather than skip`);
  console.warn(`sluice tests: SKIPPING tests that read ${path}: it is missing`);
  return false;
}
