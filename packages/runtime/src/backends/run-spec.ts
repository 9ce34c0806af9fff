import type { ExecutionPlan } from "@sluice/compiler";

/** What every backend runs: the compiled execution plan, never DSL objects or re-parsed REST text. */
export interface RunSpec {
  /** The plan, with local paths relative to `baseDir`. */
  plan: ExecutionPlan;
  /** Folder the plan's relative paths are relative to (the pipeline file's folder). */
  baseDir: string;
  /** Parameter values overriding the defaults (`--param k=v`). */
  params: Record<string, string>;
  /** Local files or folders standing in for data inputs (`--input name=path`, config file). */
  inputs: Record<string, string>;
  /** Rerun every step (Azure's `force_rerun`). */
  force: boolean;
}
