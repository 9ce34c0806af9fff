import * as z from "zod";
import { LiteralSchema, SourceLocationSchema } from "./base-schema.ts";
import { ValueRefSchema } from "./ref-schema.ts";

// Azure ML's control-flow nodes (`if_else`, `do_while`, `parallel_for`). Like Azure's, they hold
// no component: they name steps of the same graph (their blocks or body) and decide whether and
// how often those run. Steps are named, never nested, so a step stays one node in every layer.

const controlBase = { name: z.string(), definedAt: SourceLocationSchema };

/**
 * Runs `trueBlock` or `falseBlock` (step names) by `condition`: a boolean literal, a boolean
 * pipeline parameter, or a step's boolean control output (`data`).
 */
export const IfElseSchema = z.object({
  type: z.literal("if_else"),
  ...controlBase,
  condition: ValueRefSchema,
  trueBlock: z.array(z.string()),
  falseBlock: z.array(z.string()),
});
export type IfElseIR = z.infer<typeof IfElseSchema>;

/**
 * Runs step `body` again while its boolean control output `condition` is true, at most
 * `maxIterationCount` times; each round, the body's outputs named in `mapping` feed its inputs.
 */
export const DoWhileSchema = z.object({
  type: z.literal("do_while"),
  ...controlBase,
  body: z.string(),
  condition: z.string(),
  mapping: z.record(z.string(), z.array(z.string())),
  maxIterationCount: z.number().optional(),
});
export type DoWhileIR = z.infer<typeof DoWhileSchema>;

/** The items of a `parallel_for`: a list written in the pipeline, each a set of the body's input values. */
export const ItemListSchema = z.object({ type: z.literal("items"), value: z.array(z.record(z.string(), LiteralSchema)) });

/**
 * Runs step `body` once per item (each item sets some of its inputs), at most `maxConcurrency`
 * at once; `outputs` are the body's outputs of every round, aggregated (data ids later steps read).
 */
export const ParallelForSchema = z.object({
  type: z.literal("parallel_for"),
  ...controlBase,
  body: z.string(),
  items: z.union([ItemListSchema, ValueRefSchema]),
  maxConcurrency: z.number().optional(),
  outputs: z.record(z.string(), z.object({ data: z.string() })),
});
export type ParallelForIR = z.infer<typeof ParallelForSchema>;

export const ControlFlowSchema = z.discriminatedUnion("type", [IfElseSchema, DoWhileSchema, ParallelForSchema]);
export type ControlFlowIR = z.infer<typeof ControlFlowSchema>;
export type ControlFlowType = ControlFlowIR["type"];
