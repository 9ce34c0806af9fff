import type { StepIR } from "@sluice/dsl/ir";
import { AUTOML_KIND } from "./automl-kind.ts";
import { COMMAND_KIND } from "./command-kind.ts";
import { DEPLOY_KIND } from "./deploy-kind.ts";
import { PIPELINE_KIND } from "./pipeline-kind.ts";
import { PYTHON_KIND } from "./python-kind.ts";
import { REGISTER_KIND } from "./register-kind.ts";
import { SPARK_KIND } from "./spark-kind.ts";
import { PARALLEL_KIND } from "./parallel-kind.ts";
import { SWEEP_KIND } from "./sweep-kind.ts";
import type { StepKind, StepKindTable } from "./step-kind.ts";

/** The registry: every step kind the IR has, and everything the compiler does per kind. */
export const STEP_KINDS: StepKindTable = {
  python: PYTHON_KIND,
  automl: AUTOML_KIND,
  register: REGISTER_KIND,
  deploy: DEPLOY_KIND,
  command: COMMAND_KIND,
  pipeline: PIPELINE_KIND,
  sweep: SWEEP_KIND,
  spark: SPARK_KIND,
  parallel: PARALLEL_KIND,
};

/** The definition of a step's kind (one lookup instead of a switch at each use). */
export function kindOf(step: StepIR): StepKind {
  return STEP_KINDS[step.kind] as unknown as StepKind;
}
