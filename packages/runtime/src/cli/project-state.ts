import { describeState, localPaths, type ProjectPaths } from "../backends/local/local-paths.ts";
import { RunStore } from "../runs/run-store.ts";

/** The runs of the project the current folder belongs to; errors name where they looked. */
export function projectRuns(paths: ProjectPaths = localPaths()): RunStore {
  return new RunStore(paths.stateDir, describeState(paths));
}
