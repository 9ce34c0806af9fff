import type { DelimitedIR, PipelineIR } from "@sluice/dsl/ir";
import type { PlanNode } from "../plan/execution-plan.ts";
import type { AssetTable } from "./assets.ts";
import type { BindingResolver } from "./bindings.ts";

/** Shared state of one lowering: assets deduplicated by content and the pipeline's producers. */
export interface LowerContext {
  assets: AssetTable;
  bindings: BindingResolver;
  /** Pipeline output name per data id. */
  exposed: Map<string, string>;
  delimited: Map<string, DelimitedIR>;
  /**
   * Lowers a sub-pipeline (a pipeline component's body) with the same asset table: injected, as
   * the compile context's `checkSub` is, so a step kind never imports the lowering that calls it.
   */
  lowerGraph(ir: PipelineIR): { nodes: PlanNode[] };
}
