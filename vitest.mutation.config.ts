// The tests StrykerJS runs against each mutant (`npm run mutate`): those that exercise the
// compiler and the local planning in this process, where Stryker can switch mutants on. Tests
// that go through a child process (golden files, the corpus, end-to-end) cannot see a mutant.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/property/**/*.test.ts", "test/corpus-inprocess.test.ts", "test/types/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
