// The tests StrykerJS runs against each mutant (`npm run mutate`): those that exercise the
// compiler and the local planning in this process, where Stryker can switch mutants on. Tests
// that go through a child process (golden files and the corpus through the CLI, end-to-end)
// cannot see a mutant; the in-process corpus and golden test stands in for them.
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
    include: ["packages/*/test/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
