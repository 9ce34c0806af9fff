import { existsSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONTROL_KINDS, type ControlNode, type DoWhileNode, type ExecutionPlan, literalText, type ParallelForNode, sha256 } from "@sluice/compiler";
import { SluiceError } from "../../errors/sluice-error.ts";
import { ensureDir } from "../../fs/atomic-write.ts";
import type { LocalBinding, LocalNode } from "./local-nodes.ts";
import { readValue, type RunContext, VALUE_FILE } from "./run-context.ts";

// Control flow on this machine, as Azure runs it: a step in an `ifElse` block waits for the
// condition and runs only on its side; a `doWhile` body runs round after round (`body#2`, …,
// each a recorded step) while its control output says so; a `parallelFor` body runs once per
// item (`body#0`, `body#1`, …) and the loop's outputs gather every round's.

export type Loop = DoWhileNode | ParallelForNode;

/** A step of an `ifElse` block: it runs when the condition is `when`. */
export interface Gate {
  /** The ifElse node's key (its record) and its name as written (what messages say). */
  control: string;
  name: string;
  condition: LocalBinding;
  when: boolean;
}

/** The control-flow nodes of a (flattened) plan, indexed by the nodes they govern. */
export class LocalControl {
  readonly nodes: ControlNode[];
  private readonly gates = new Map<string, Gate>();
  private readonly loops = new Map<string, Loop>();

  constructor(plan: ExecutionPlan, nodes: readonly LocalNode[]) {
    this.nodes = plan.nodes.filter((n): n is ControlNode => CONTROL_KINDS.has(n.kind));
    const within = (block: string) => nodes.filter((n) => n.key === block || n.key.startsWith(`${block}.`));
    for (const c of this.nodes) {
      if (c.kind !== "if_else") {
        this.loops.set(c.body, c);
        continue;
      }
      for (const [blocks, when] of [
        [c.trueBlock, true],
        [c.falseBlock, false],
      ] as const)
        for (const block of blocks) for (const n of within(block)) this.gates.set(n.key, { control: c.key, name: c.step, condition: c.condition, when });
    }
  }

  /** Why a loop cannot run here: its body must be one node this runtime runs (a pipeline component's body runs on Azure only). */
  refusal(nodes: readonly LocalNode[]): SluiceError | undefined {
    for (const loop of this.loops.values()) {
      if (nodes.some((n) => n.key === loop.body)) continue;
      return new SluiceError(
        "environment",
        `${loop.kind} '${loop.step}' repeats the pipeline component '${loop.body}', which a local run does not repeat yet`,
        {
          hint: "run this pipeline on Azure ML, or make the loop's body a command step",
        },
      );
    }
    return undefined;
  }

  /** Steps of an `ifElse` block wait for the step writing its condition. */
  withGates(nodes: LocalNode[]): LocalNode[] {
    return nodes.map((n) => {
      const gate = this.gates.get(n.key);
      if (gate?.condition.kind !== "node-output") return n;
      return { ...n, dependsOn: [...new Set([...n.dependsOn, gate.condition.node])].sort() };
    });
  }

  /** What decides whether or how often a step runs, in words (`sluice plan`); undefined for a plain step. */
  describe(key: string): string | undefined {
    const gate = this.gates.get(key);
    if (gate) return `only if ifElse '${gate.name}' takes the ${gate.when ? "ifTrue" : "ifFalse"} block`;
    const loop = this.loops.get(key);
    if (loop?.kind === "do_while") return `repeated by doWhile '${loop.step}' while its condition holds, up to ${loop.maxIterationCount ?? "1000"} rounds`;
    if (loop?.kind === "parallel_for") return `run once per item of parallelFor '${loop.step}'`;
    return undefined;
  }

  gateOf(key: string): Gate | undefined {
    return this.gates.get(key);
  }

  loopOf(bodyKey: string): Loop | undefined {
    return this.loops.get(bodyKey);
  }
}

/** A condition's text as a boolean (Python's `True`, JSON's `true`); undefined for anything else. */
export function truth(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  return t === "true" ? true : t === "false" ? false : undefined;
}

/** Reads a condition now: throws, saying what it read, when it is not a boolean. */
export function evaluate(ctx: RunContext, condition: LocalBinding, what: string): boolean {
  const text = ctx.resolve(condition);
  const value = truth(text);
  if (value === undefined) throw new Error(`the condition of ${what} is ${JSON.stringify(text.slice(0, 80))}, not true or false`);
  return value;
}

/** One round of a loop body: the body with its own key, name and inputs. */
export function roundNode(body: LocalNode, suffix: string, inputs: Record<string, LocalBinding>, after: string[]): LocalNode {
  return { ...body, key: `${body.key}__${suffix}`, name: `${body.name}#${suffix}`, inputs, dependsOn: after };
}

/** The items of a `parallelFor`: written in the pipeline, or a parameter's (or a step's value) JSON list. */
export function itemsOf(ctx: RunContext, loop: ParallelForNode): Array<Record<string, unknown>> {
  const text = loop.items.kind === "items" ? loop.items.json : ctx.resolve(loop.items);
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch {
    throw new Error(`the items of parallelFor '${loop.step}' are not JSON: ${text.slice(0, 80)}`);
  }
  if (!Array.isArray(items) || items.length === 0 || !items.every((i) => typeof i === "object" && i !== null && !Array.isArray(i)))
    throw new Error(`the items of parallelFor '${loop.step}' are not a non-empty list of objects`);
  return items as Array<Record<string, unknown>>;
}

/** A round's inputs: the body's, with the item's values set (as Azure passes literals). */
export function itemInputs(body: LocalNode, item: Record<string, unknown>): Record<string, LocalBinding> {
  const inputs = { ...body.inputs };
  for (const [name, value] of Object.entries(item))
    inputs[name] = {
      kind: "literal",
      value: typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? literalText(value) : JSON.stringify(value),
    };
  return inputs;
}

/** The next `doWhile` round's inputs: each mapped body input reads the previous round's output. */
export function mappedInputs(body: LocalNode, loop: DoWhileNode, previous: string): Record<string, LocalBinding> {
  const inputs = { ...body.inputs };
  for (const [output, targets] of Object.entries(loop.mapping)) for (const input of targets) inputs[input] = { kind: "node-output", node: previous, output };
  return inputs;
}

/** Points `key`'s output folders at another node's (the last `doWhile` round's, for steps reading the body). */
export function relinkOutputs(ctx: RunContext, key: string, from: string, outputs: readonly string[]): void {
  ensureDir(join(ctx.stepDir(key), "outputs"));
  for (const output of outputs) {
    const link = ctx.outputPath(key, output);
    rmSync(link, { recursive: true, force: true });
    symlinkSync(ctx.outputPath(from, output), link, "dir");
  }
}

/**
 * A `parallelFor`'s outputs from its rounds': a folder holding each round's output as `0`, `1`,
 * …, or, for a value output, the JSON list of the rounds' values. Returns each output's digest.
 */
export function gatherRounds(
  ctx: RunContext,
  loop: ParallelForNode,
  rounds: readonly string[],
  digests: ReadonlyArray<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const output of Object.keys(loop.outputs)) {
    const dir = ctx.outputPath(loop.key, output);
    rmSync(dir, { recursive: true, force: true });
    ensureDir(dir);
    if (rounds.some((r) => ctx.valueOutputs.has(`${r}/${output}`))) {
      writeFileSync(join(dir, VALUE_FILE), JSON.stringify(rounds.map((r) => readValue(ctx.outputPath(r, output), `${r}.${output}`))));
      ctx.valueOutputs.add(`${loop.key}/${output}`);
    } else {
      for (const [i, r] of rounds.entries()) if (existsSync(ctx.outputPath(r, output))) symlinkSync(ctx.outputPath(r, output), join(dir, String(i)), "dir");
    }
    out[output] = sha256(digests.map((d) => d[output] ?? "").join("\n"));
  }
  return out;
}
