import { currentScope, enforceOptions, withoutRefused } from "../core/builder-context.ts";
import { either, is, isPlainObject, type Shape, wholeNumber } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import { DataLink, type FileData, ProducedData, type ValueData } from "../data/data-link.ts";
import { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { DoWhileIR, Literal, ParallelForIR, SourceLocation } from "../ir/schema.ts";
import type { Synthesis } from "../steps/synthesis.ts";
import { ControlNode, LOOP_OPTIONS, type LoopBody } from "./control-flow.ts";

/** Options of {@link doWhile}. */
export interface DoWhileOptions<O> {
  /** The node's name in the pipeline. */
  name: string;
  /** The step that repeats: a command or pipeline-component step of this pipeline. */
  body: LoopBody<O>;
  /** The body's boolean control output (or its name): another round runs while it is true. */
  condition: ValueData | (keyof O & string);
  /** Which body output feeds which body input(s) in the next round: `{ model_out: "model_in" }`. */
  mapping?: { readonly [K in keyof O]?: string | readonly string[] };
  /** At most this many rounds (Azure allows 0–1000). */
  maxIterations?: number;
}

/** Options of {@link parallelFor}. */
export interface ParallelForOptions<O> {
  /** The node's name in the pipeline. */
  name: string;
  /** The step that runs once per item: a command or pipeline-component step of this pipeline. */
  body: LoopBody<O>;
  /**
   * One round per item, each setting some of the body's inputs (`[{ lr: 0.1 }, { lr: 0.01 }]`,
   * every item with the same keys), or a string parameter or data holding that list as JSON.
   */
  items: readonly Readonly<Record<string, string | number | boolean>>[] | PipelineParameter<string> | DataLink;
  /** At most this many rounds at once; all at once when not given. */
  maxConcurrency?: number;
}

/** The body's outputs of every round of a {@link parallelFor}: a folder with one entry per round, or a value's list (as JSON text). */
export type AggregatedOutputs<O> = 0 extends 1 & O[keyof O]
  ? // biome-ignore lint/suspicious/noExplicitAny: an untyped loaded component's outputs: checked when the pipeline compiles.
    Record<string, any>
  : { readonly [K in keyof O]: O[K] extends ValueData ? ValueData : FileData };

const outputName = (body: LoopBody<unknown>, link: unknown): string | undefined =>
  typeof link === "string"
    ? link
    : Object.entries((body.outputs ?? {}) as Record<string, unknown>).find(
        ([, v]) => v instanceof DataLink && link instanceof DataLink && v.target === link.target,
      )?.[0];

class DoWhile<O> extends ControlNode {
  private readonly options: DoWhileOptions<O>;

  constructor(options: DoWhileOptions<O>, definedAt: SourceLocation) {
    super(options.name, definedAt);
    this.options = options;
  }

  toIR(): DoWhileIR {
    const o = this.options;
    const mapping = Object.fromEntries(Object.entries(o.mapping ?? {}).map(([out, ins]) => [out, typeof ins === "string" ? [ins] : [...(ins as string[])]]));
    // A link that is not one of the body's outputs keeps a name no output has: the compiler says so (SL163).
    const condition = outputName(o.body as LoopBody<unknown>, o.condition) ?? "<not an output of the body>";
    const ir: DoWhileIR = { type: "do_while", name: this.name, definedAt: this.definedAt, body: o.body.name, condition, mapping };
    if (o.maxIterations !== undefined) ir.maxIterationCount = o.maxIterations;
    return ir;
  }
}

const mapping = is(
  "an object of body output → input name(s)",
  (v) => isPlainObject(v) && Object.values(v).every((x) => typeof x === "string" || (Array.isArray(x) && x.every((y) => typeof y === "string"))),
);
const DO_WHILE: Shape = {
  ...LOOP_OPTIONS,
  condition: {
    check: is("the body's boolean control output, or its name", (v) => typeof v === "string" || (v instanceof DataLink && v.kind === "value")),
    required: true,
  },
  mapping: { check: mapping },
  maxIterations: { check: wholeNumber },
};

/**
 * Runs a step again and again while its boolean control output is true (Azure's `do_while`
 * node), at most `maxIterations` times; `mapping` feeds each round's outputs to the next
 * round's inputs. Steps reading the body's outputs get the last round's. Locally each round is
 * recorded as a step of its own (`body#2`, `body#3`, …).
 *
 * @example
 * ```ts
 * const round = trainRound({ name: "round", inputs: { model_in: dataFolder("./seed-model") } });
 * doWhile({ name: "until_converged", body: round, condition: round.outputs.keep_going, mapping: { model_out: "model_in" }, maxIterations: 10 });
 * ```
 */
export function doWhile<O>(options: DoWhileOptions<O>): ControlNode {
  const definedAt = captureLocation();
  const scope = currentScope("doWhile", definedAt);
  const refused = enforceOptions("doWhile", options, DO_WHILE, definedAt, true);
  const node = new DoWhile(withoutRefused(options, refused), definedAt);
  scope.addControl(node);
  return node;
}

/** A {@link parallelFor} node: its aggregated outputs, for later steps to read. */
export class ParallelFor<O> extends ControlNode {
  /** The body's outputs of every round. */
  readonly outputs: AggregatedOutputs<O>;
  private readonly options: ParallelForOptions<O>;
  private readonly produced: Map<string, ProducedData>;

  /** @internal */
  constructor(options: ParallelForOptions<O>, definedAt: SourceLocation) {
    super(options.name, definedAt);
    this.options = options;
    const body = Object.entries((options.body?.outputs ?? {}) as Record<string, unknown>).filter(([, v]) => v instanceof DataLink);
    this.produced = new Map(body.map(([n]) => [n, new ProducedData(n, definedAt)]));
    this.outputs = Object.fromEntries(
      body.map(([n, v]) => {
        const value = (v as DataLink).kind === "value";
        return [n, new DataLink(value ? "value" : "file", this.produced.get(n) as ProducedData, undefined, value ? "string" : "uri_folder")];
      }),
    ) as AggregatedOutputs<O>;
  }

  /** @internal */
  toIR(synthesis: Synthesis): ParallelForIR {
    const o = this.options;
    const items: ParallelForIR["items"] = Array.isArray(o.items)
      ? { type: "items", value: (o.items as Record<string, Literal>[]).map((i) => ({ ...i })) }
      : synthesis.ref(o.items as PipelineParameter | DataLink);
    const outputs = Object.fromEntries([...this.produced].map(([n, p]) => [n, { data: synthesis.dataId(p) }]));
    const ir: ParallelForIR = { type: "parallel_for", name: this.name, definedAt: this.definedAt, body: o.body.name, items, outputs };
    if (o.maxConcurrency !== undefined) ir.maxConcurrency = o.maxConcurrency;
    return ir;
  }
}

const items = either(
  is(
    "a list of objects of input values",
    (v) => Array.isArray(v) && v.every((x) => isPlainObject(x) && Object.values(x).every((y) => ["string", "number", "boolean"].includes(typeof y))),
  ),
  is("a string pipelineParameter or data holding the list as JSON", (v) => (v instanceof PipelineParameter && v.type === "string") || v instanceof DataLink),
);
const PARALLEL_FOR: Shape = { ...LOOP_OPTIONS, items: { check: items, required: true }, maxConcurrency: { check: wholeNumber } };

/**
 * Runs a step once per item, in parallel (Azure's `parallel_for` node): each item sets some of
 * the body's inputs. Its `outputs` aggregate the body's outputs of every round for later steps
 * (locally a folder holding one folder per round, `0`, `1`, …).
 *
 * @example
 * ```ts
 * const trial = train({ name: "trial", inputs: { data: prepared } });
 * const fan = parallelFor({ name: "grid", body: trial, items: [{ lr: 0.1 }, { lr: 0.01 }], maxConcurrency: 2 });
 * compare({ name: "compare", inputs: { models: fan.outputs.model } });
 * ```
 */
export function parallelFor<O>(options: ParallelForOptions<O>): ParallelFor<O> {
  const definedAt = captureLocation();
  const scope = currentScope("parallelFor", definedAt);
  const refused = enforceOptions("parallelFor", options, PARALLEL_FOR, definedAt, true);
  const node = new ParallelFor(withoutRefused(options, refused), definedAt);
  scope.addControl(node);
  return node;
}
