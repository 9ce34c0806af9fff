// The tests StrykerJS runs against each mutant (`npm run mutate`): those that exercise the code
// in this process, where Stryker can switch mutants on. Tests that go through a child process
// (golden files and the corpus through the CLI, end-to-end, a browser) cannot see a mutant; the
// in-process corpus and golden test stands in for them.
//
// What `mutate` in stryker.config.json covers (JSON has no comments, so the reasons are here):
// - the compiler (all but its index and YAML re-exports);
// - reuse: fingerprint, planning and step facts; the step cache, its entry schema and manifest,
//   the data digest and the sweep trial cache, on temp folders (packages/runtime/test/
//   step-cache, cache-manifest, data-hash and trial-cache tests; the CLI tests of the same code,
//   test/e2e/local-reuse, state-corruption and trial-cache, run in child processes);
// - serving: the nesting guard, readiness limits, the admission queue, the worker protocol's
//   line parser, and as line ranges the routing (`route` in scoring-server.ts), the batch input
//   listing (`inputFiles` in batch-job.ts) and the key check (`authorized` in endpoint-keys.ts).
//   Left out: what only spawns or talks to processes (deployment-pool.ts, whose test starts
//   Python and takes tens of seconds per mutant; scoring-worker.ts, local-endpoint.ts,
//   process-memory.ts) and the HTTP server class around `route`, tested through the CLI.
//   The line ranges must move with those functions when the files change.
// - the UI: HTML escaping, the log tail, JSON answers, the views and the DAG drawing, rendered
//   directly (packages/runtime/test/ui-*.test.ts: what the pages show) and through the UI's
//   server started in this process (test/e2e/ui-*.test.ts below: that they answer safely);
// - import: every file of packages/runtime/src/import (the YAML reader and its key and shape
//   checks, the whole printer, the AutoML, control-flow, parallel, Spark and registered-component
//   importers, and the component YAML reader behind loadComponent), through the in-process tests
//   of packages/runtime/test (import-printer, import-automl, automl-emit, import-registered,
//   import-scan, component-yaml). The corpus-wide shape property (test/import-text-fields) is
//   left out: it imports every official file for each mutant, seconds per mutant.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Stryker runs this in a copy of the repository whose node_modules links back to the original
// packages: the package names must resolve to this copy's (mutated) sources instead.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@sluice\/compiler\/yaml$/, replacement: here("./packages/compiler/src/yaml.ts") },
      { find: /^@sluice\/compiler$/, replacement: here("./packages/compiler/src/index.ts") },
      { find: /^@sluice\/dsl\/ir$/, replacement: here("./packages/dsl/src/ir/index.ts") },
      { find: /^@sluice\/dsl$/, replacement: here("./packages/dsl/src/index.ts") },
      { find: /^@sluice\/runtime$/, replacement: here("./packages/runtime/src/index.ts") },
    ],
  },
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      // The run page's server, started in this process on a loopback port (no browser, no CLI).
      "test/e2e/ui-attack.test.ts",
      "test/e2e/ui-boundary.test.ts",
      "test/e2e/ui-fuzz.test.ts",
      "test/e2e/ui-log-tail.test.ts",
    ],
    testTimeout: 60_000,
  },
});
