import { PipelineSchema, type PipelineIR } from "@sluice/dsl/ir";
import { CompileContext, type CompileTarget, type Pass } from "./context.ts";
import type { Diagnostic } from "./diagnostics/diagnostic.ts";
import type { CompilerHost } from "./host/compiler-host.ts";
import { NODE_HOST } from "./host/node-host.ts";
import { lowerPipeline } from "./lower/lower-pipeline.ts";
import type { CompiledPipeline } from "./plan/compiled-pipeline.ts";
import { checkAcyclic } from "./passes/check-acyclic.ts";
import { checkCompute } from "./passes/check-compute.ts";
import { checkDataLinks } from "./passes/check-data-links.ts";
import { checkEndpoints } from "./passes/check-endpoints.ts";
import { checkInputs } from "./passes/check-inputs.ts";
import { checkKinds } from "./passes/check-kinds.ts";
import { checkNames } from "./passes/check-names.ts";
import { checkParameters } from "./passes/check-parameters.ts";
import { checkPaths } from "./passes/check-paths.ts";
import { checkSchedules } from "./passes/check-schedules.ts";
import { checkUnusedOutputs } from "./passes/check-unused-outputs.ts";
import { checkControlFlow } from "./passes/check-control-flow.ts";
import { checkValueLinks } from "./passes/check-value-links.ts";
import { withStepOrder } from "./passes/step-order.ts";

/** All checks, in reporting order; every pass runs, so one compile shows every mistake. */
export const PASSES: readonly Pass[] = [
  checkNames,
  checkDataLinks,
  checkAcyclic,
  checkCompute,
  checkPaths,
  checkParameters,
  checkKinds,
  checkInputs,
  checkValueLinks,
  checkControlFlow,
  checkUnusedOutputs,
  checkSchedules,
  checkEndpoints,
];

/** A pipeline component's body gets every check but those about the whole job (compute, schedules, endpoints). */
const SUB_PIPELINE_PASSES: readonly Pass[] = PASSES.filter((p) => p !== checkCompute && p !== checkSchedules && p !== checkEndpoints);

export interface CompileOptions {
  /** File access for checks and hashing; the real file system when omitted. */
  host?: CompilerHost;
  /** `local` for a plan this machine runs: what only Azure needs (a compute per step, SL113) is not demanded. */
  target?: CompileTarget;
  /**
   * Only the job spec is wanted (`sluice compile`): local data that does not exist yet (an
   * example's prepare script makes it) is SL505, a warning; run, deploy and check need it (SL112).
   */
  emitOnly?: boolean;
}

export type CompileResult = { ok: true; diagnostics: Diagnostic[]; model: CompiledPipeline } | { ok: false; diagnostics: Diagnostic[] };

/** IR that is not valid (hand-made, or from another tool) is diagnostics, never a thrown ZodError. */
function invalidIR(input: unknown, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Diagnostic[] {
  const record = (typeof input === "object" && input !== null ? input : {}) as {
    name?: unknown;
    definedAt?: { file?: unknown; line?: unknown; column?: unknown };
  };
  const at = record.definedAt;
  const location =
    typeof at?.file === "string" && typeof at.line === "number" && typeof at.column === "number"
      ? { file: at.file, line: at.line, column: at.column }
      : { file: "<ir>", line: 1, column: 1 };
  return issues.slice(0, 10).map((issue) => ({
    severity: "error" as const,
    code: "SL010",
    message: `the pipeline's IR is not valid at ${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`,
    hint: "build pipelines with @sluice/dsl, or fix the IR against @sluice/dsl/ir's PipelineSchema",
    location,
    path: typeof record.name === "string" ? record.name : "pipeline",
  }));
}

/**
 * Validates the IR (it may come from anywhere), runs every check, and only when none failed
 * lowers it into the model the emitters share.
 */
export function compilePipeline(input: unknown, options: CompileOptions = {}): CompileResult {
  const host = options.host ?? NODE_HOST;
  const parsed = PipelineSchema.safeParse(input);
  if (!parsed.success) return { ok: false, diagnostics: invalidIR(input, parsed.error.issues) };
  // `step.after(other)` becomes ports before any check, so every check and emitter sees them.
  const ordered = withStepOrder(parsed.data);
  if (ordered.diagnostics.length > 0) return { ok: false, diagnostics: ordered.diagnostics };
  const ir: PipelineIR = ordered.ir;
  const ctx = new CompileContext(ir, host, { subPasses: SUB_PIPELINE_PASSES, target: options.target ?? "azure", emitOnly: options.emitOnly ?? false });
  for (const pass of PASSES) pass(ctx);
  const diagnostics = ctx.diagnostics.sorted();
  if (ctx.diagnostics.hasErrors) return { ok: false, diagnostics };
  return { ok: true, diagnostics, model: lowerPipeline(ir, host) };
}
