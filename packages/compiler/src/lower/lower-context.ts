import type { DelimitedIR } from "@sluice/dsl/ir";
import type { AssetTable } from "./assets.ts";
import type { BindingResolver } from "./bindings.ts";

/** Shared state of one lowering: assets deduplicated by content and the pipeline's producers. */
export interface LowerContext {
  assets: AssetTable;
  bindings: BindingResolver;
  /** Pipeline output name per data id. */
  exposed: Map<string, string>;
  delimited: Map<string, DelimitedIR>;
}
