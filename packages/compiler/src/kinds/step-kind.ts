import type { DataMode, EnvironmentIR, ParameterType, StepIR, ValueRef } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import type { LowerContext } from "../lower/lower-context.ts";
import type { IOType, PlanNode } from "../plan/execution-plan.ts";

/** A value a step reads, by slot, with what the slot expects (for type checks). */
export interface StepRead {
  slot: string;
  ref: ValueRef;
  expects?: ParameterType;
  /** The slot is a port name the author chose, so Azure's naming rule applies to it. */
  named?: boolean;
}

/** Data a step writes, by port, with its Azure type (`automl_metrics` lives in run history). */
export interface StepWrite {
  port: string;
  data: string;
  type: IOType | "automl_metrics";
  /** The author declared this output (so an unread one is worth a warning). */
  declared?: boolean;
  /** How Azure stores it, when the author said (it moves to the pipeline output exposing it). */
  mode?: DataMode;
  path?: string;
}

/** The folder a step uploads as its code, and the script in it that must exist. */
export interface StepCode {
  dir: string;
  /** The folder as its author wrote it, for messages. */
  written: string;
  script?: string;
  /** Shipped with Sluice (not the author's to fix). */
  builtin: boolean;
}

/**
 * Everything the compiler knows about one step kind, in one place: what it reads and writes,
 * its code and environment, the checks only it needs, and how it lowers to a plan node. Passes
 * iterate the table, so a new kind is one entry here (and, if it needs a new node kind, one
 * emitter per consumer), never a search for `kind === "…"` filters.
 */
export interface StepKind<S extends StepIR = StepIR> {
  reads(step: S): StepRead[];
  /** `delimited` holds the data ids read as delimited files (their folders are mltables). */
  writes(step: S, delimited: ReadonlySet<string>): StepWrite[];
  code(step: S): StepCode | undefined;
  environment(step: S): EnvironmentIR | undefined;
  check(ctx: CompileContext, step: S): void;
  /** The kind checks where its steps run itself (a Spark step: a pool or serverless resources, SL160), so SL113 leaves them alone. */
  checksPlacement?: true;
  lower(ctx: LowerContext, step: S): PlanNode;
}

/** One entry per IR step kind; the mapped type makes a missing kind a type error. */
export type StepKindTable = { [K in StepIR["kind"]]: StepKind<Extract<StepIR, { kind: K }>> };
