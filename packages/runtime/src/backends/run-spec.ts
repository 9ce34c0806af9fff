import type { PlanDocument } from "@sluice/compiler";

/** What every backend runs: the compiled REST job body and the plan, never DSL objects. */
export interface RunSpec {
  /** Body of `PUT …/jobs/{name}` as the compiler emitted it. */
  job: RestJobBody;
  plan: PlanDocument;
  /** Folder the plan's relative paths are relative to (the pipeline file's folder). */
  baseDir: string;
  /** Parameter values overriding the defaults (`--param k=v`). */
  params: Record<string, string>;
  /** Local files or folders standing in for data inputs (`--input name=path`, config file). */
  inputs: Record<string, string>;
  /** Rerun every step (Azure's `force_rerun`). */
  force: boolean;
}

export interface RestJobBody {
  properties: {
    displayName: string;
    experimentName: string;
    inputs: Record<string, { jobInputType: string; value?: string; uri?: string }>;
    outputs: Record<string, { jobOutputType: string }>;
    settings: { continue_on_step_failure?: boolean; default_compute?: string };
    jobs: Record<string, RestNode>;
  };
}

export interface RestNode {
  type: "command" | "automl";
  name: string;
  display_name?: string;
  componentId?: string;
  inputs?: Record<string, { job_input_type: string; value: string }>;
  outputs?: Record<string, { job_output_type?: string; type?: string; value?: string }>;
  limits?: Record<string, unknown>;
  task?: string;
  primary_metric?: string;
  target_column_name?: string;
  training_data?: string;
  validation_data?: string;
  featurization?: { mode?: string };
  n_cross_validations?: number | "auto";
}
