export { compilePipeline, PASSES, type CompileOptions, type CompileResult } from "./compile.ts";
export type { CompileTarget } from "./context.ts";
export type { CompilerHost, HostEntry } from "./host/compiler-host.ts";
export { NODE_HOST } from "./host/node-host.ts";
export type { Diagnostic, Severity } from "./diagnostics/diagnostic.ts";
export { formatDiagnostic, formatDiagnostics, formatLocation, summarize } from "./diagnostics/format.ts";
export type * from "./plan/execution-plan.ts";
export type { CompiledPipeline } from "./plan/compiled-pipeline.ts";
export { ExecutionPlanSchema, CONTROL_KINDS } from "./plan/execution-plan.ts";
export { relativePlan } from "./plan/relative-plan.ts";
export { flattenPlan } from "./plan/flatten-plan.ts";
export { componentBody } from "./plan/component-body.ts";
export { automlLimits } from "./plan/automl-fields.ts";
export { isoDuration } from "./plan/job-settings.ts";
export { isLocalUri } from "./lower/bindings.ts";
export { literalText } from "./lower/values.ts";
export { emitRestJob, restJobBody, restJobJson, componentPlaceholder, pipelineComponentSpec, restNode } from "./emit/rest-json.ts";
export { emitPlan, planJson } from "./emit/plan.ts";
export { PLAN_VERSION } from "./plan/execution-plan.ts";
export { emitGraph, type GraphFormat } from "./emit/graph.ts";
export { forEachChunk, snapshotCode, type CodeSnapshot } from "./hash/code-snapshot.ts";
export { stableStringify, contentVersion, sha256 } from "./hash/content-version.ts";
export { literalValueProblem } from "./names/literal-values.ts";
export { REGISTER_MODEL_DIR } from "./kinds/register-kind.ts";
export {
  batchDeploymentBody,
  batchEndpointBody,
  endpointRequests,
  onlineDeploymentBody,
  onlineEndpointBody,
  PLACEHOLDER_REFS,
  type EndpointRefs,
  type EndpointRequest,
} from "./emit/endpoints.ts";
export { emitScheduleBody, scheduleJson, scheduleSpecs, type ScheduleSpec } from "./emit/schedule.ts";
export { DONE_OUTPUT } from "./passes/step-order.ts";
export { MAX_ITERATIONS } from "./passes/check-control-flow.ts";
