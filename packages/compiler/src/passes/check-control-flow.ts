import type { ControlFlowIR, DoWhileIR, IfElseIR, ParallelForIR, StepIR } from "@sluice/dsl/ir";
import type { CompileContext, Pass } from "../context.ts";
import { PRIMITIVE } from "../kinds/command-checks.ts";
import { stepWrites } from "../graph/step-io.ts";

/** The most rounds Azure lets a `do_while` run (the SDK's `DO_WHILE_MAX_ITERATION`). */
export const MAX_ITERATIONS = 1000;

type Ports = { inputs: Record<string, { type: string }>; outputs: Record<string, { type: string; isControl?: boolean | undefined }> };

/** A step's declared ports, when it runs a component (the only steps Azure lets a loop repeat). */
function portsOf(step: StepIR | undefined): Ports | undefined {
  return step && "component" in step ? (step.component as Ports) : undefined;
}

const LOOP_BODIES: ReadonlySet<StepIR["kind"]> = new Set(["command", "pipeline"]);

interface Scope {
  ctx: CompileContext;
  steps: Map<string, StepIR>;
  /** Which control node holds each step, so no step is governed twice. */
  holders: Map<string, string>;
  /** The graph's control-flow nodes by name: a block or body naming one gets its own message. */
  controls: Map<string, ControlFlowIR>;
}

/** Each control-flow node as the DSL names its builder. */
const BUILDER: Record<ControlFlowIR["type"], string> = { if_else: "ifElse", do_while: "doWhile", parallel_for: "parallelFor" };

function report(s: Scope, c: ControlFlowIR, message: string, hint: string): void {
  s.ctx.diagnostics.report("SL163", s.ctx.at(c), message, hint);
}

/** A named step must be a step of this graph, held by no other control-flow node. */
function claim(s: Scope, c: ControlFlowIR, name: string, role: string): StepIR | undefined {
  const step = s.steps.get(name);
  const control = s.controls.get(name);
  if (!step && control)
    report(
      s,
      c,
      `${BUILDER[c.type]} '${c.name}' names ${BUILDER[control.type]} '${name}' as its ${role}, but a control-flow node cannot be one (the official SDK refuses it too)`,
      `name steps there; to ${c.type === "if_else" ? "decide on" : "repeat"} a loop, put the loop in a pipeline component and name that step`,
    );
  if (!step && !control) {
    report(
      s,
      c,
      `${BUILDER[c.type]} '${c.name}' names '${name}' as its ${role}, but this pipeline has no such step`,
      "name a step created in the same pipeline (or pipeline component) body",
    );
  }
  if (!step) return undefined;
  const holder = s.holders.get(name);
  if (holder !== undefined && holder !== c.name)
    report(
      s,
      c,
      `step '${name}' is already governed by '${holder}'; ${BUILDER[c.type]} '${c.name}' names it too`,
      "a step belongs to one control-flow node: give each its own step",
    );
  s.holders.set(name, c.name);
  return step;
}

/** The component output a condition reads must be a boolean control output. */
function controlOutput(ports: Ports | undefined, name: string): string | undefined {
  const o = ports?.outputs[name];
  if (!o) return `it has no output '${name}'`;
  if (o.type !== "boolean" || o.isControl !== true) return `its output '${name}' is not a boolean control output`;
  return undefined;
}

function checkIfElse(s: Scope, c: IfElseIR): void {
  const blocks = [...c.trueBlock.map((n) => [n, "ifTrue block"] as const), ...c.falseBlock.map((n) => [n, "ifFalse block"] as const)];
  for (const [name, role] of blocks) claim(s, c, name, role);
  if (blocks.length === 0) report(s, c, `ifElse '${c.name}' has neither an ifTrue nor an ifFalse block`, "name the steps it decides on");
  const cond = c.condition;
  const hint = "pass output.boolean({ isControl: true }) of an earlier step, a boolean pipelineParameter, or true/false";
  if (cond.type === "literal" && typeof cond.value !== "boolean")
    report(s, c, `the condition of ifElse '${c.name}' is ${JSON.stringify(cond.value)}, not a boolean`, hint);
  if (cond.type === "parameter") {
    const p = s.ctx.ir.parameters.find((x) => x.name === cond.name);
    if (p && p.type !== "boolean") report(s, c, `the condition of ifElse '${c.name}' is parameter '${p.name}' of type ${p.type}, not boolean`, hint);
  }
  if (cond.type === "input" || cond.type === "uri") report(s, c, `the condition of ifElse '${c.name}' is data, not a boolean`, hint);
  if (cond.type !== "data") return;
  for (const step of s.ctx.ir.steps) {
    const port = stepWrites(step).find((w) => w.data === cond.id)?.port;
    if (port === undefined) continue;
    const problem = controlOutput(portsOf(step), port);
    if (problem) report(s, c, `the condition of ifElse '${c.name}' reads step '${step.name}', but ${problem}`, hint);
    if (blocks.some(([n]) => n === step.name))
      report(s, c, `ifElse '${c.name}' decides on step '${step.name}', which is in its own block`, "decide on a step outside both blocks");
  }
}

function checkMapping(s: Scope, c: DoWhileIR, body: string, ports: Ports): void {
  const fedBy = new Map<string, string>();
  for (const [output, inputs] of Object.entries(c.mapping)) {
    const out = ports.outputs[output];
    if (!out)
      report(
        s,
        c,
        `doWhile '${c.name}' maps '${output}', which is not an output of its body '${body}'`,
        `outputs of '${body}': ${Object.keys(ports.outputs).join(", ") || "none"}`,
      );
    for (const input of inputs) {
      const into = ports.inputs[input];
      if (!into) {
        report(
          s,
          c,
          `doWhile '${c.name}' maps '${output}' to '${input}', which is not an input of its body '${body}'`,
          `inputs of '${body}': ${Object.keys(ports.inputs).join(", ") || "none"}`,
        );
        continue;
      }
      const other = fedBy.get(input);
      if (other !== undefined)
        report(s, c, `doWhile '${c.name}' feeds input '${input}' from both '${other}' and '${output}'`, "map each body input from one output");
      fedBy.set(input, output);
      if (out && PRIMITIVE.has(out.type) !== PRIMITIVE.has(into.type))
        report(
          s,
          c,
          `doWhile '${c.name}' maps ${out.type} output '${output}' to ${into.type} input '${input}'`,
          "map data outputs to data inputs and values to value inputs",
        );
    }
  }
}

function checkDoWhile(s: Scope, c: DoWhileIR): void {
  const body = claim(s, c, c.body, "body");
  if (body && !LOOP_BODIES.has(body.kind))
    report(s, c, `doWhile '${c.name}' repeats '${body.name}', a ${body.kind} step`, "a loop body is a command or pipeline-component step (Azure's rule)");
  const ports = portsOf(body);
  if (body && ports) {
    const problem = controlOutput(ports, c.condition);
    if (problem)
      report(
        s,
        c,
        `the condition of doWhile '${c.name}' must be a boolean control output of '${body.name}', but ${problem}`,
        "declare it with output.boolean({ isControl: true }) and pass it (or its name) as condition",
      );
    checkMapping(s, c, body.name, ports);
  }
  const n = c.maxIterationCount;
  if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > MAX_ITERATIONS))
    report(s, c, `doWhile '${c.name}' allows ${n} rounds`, `maxIterations is a whole number from 0 to ${MAX_ITERATIONS} (Azure's limit)`);
}

/** Python's type of an item value against the body input it sets. */
function itemTypeProblem(type: string, value: unknown): boolean {
  if (type === "boolean") return typeof value !== "boolean";
  if (type === "integer") return !Number.isInteger(value);
  if (type === "number") return typeof value !== "number";
  return type === "string" ? typeof value !== "string" : false;
}

function checkItems(s: Scope, c: ParallelForIR, body: StepIR | undefined): void {
  if (c.items.type !== "items") {
    const p = c.items.type === "parameter" ? s.ctx.ir.parameters.find((x) => x.name === (c.items as { name: string }).name) : undefined;
    if (p && p.type !== "string")
      report(s, c, `the items of parallelFor '${c.name}' are parameter '${p.name}' of type ${p.type}`, "a parameter holding items is a string of JSON");
    return;
  }
  const items = c.items.value;
  if (items.length === 0) {
    report(s, c, `parallelFor '${c.name}' has no items`, "give at least one item: [{ input: value }, …]");
    return;
  }
  const keys = Object.keys(items[0] ?? {})
    .sort()
    .join(",");
  const inputs = portsOf(body)?.inputs;
  items.forEach((item, i) => {
    if (Object.keys(item).sort().join(",") !== keys)
      report(
        s,
        c,
        `item ${i} of parallelFor '${c.name}' sets ${Object.keys(item).join(", ") || "nothing"}, item 0 sets ${keys || "nothing"}`,
        "every item sets the same inputs",
      );
    for (const [name, value] of Object.entries(item)) {
      const input = inputs?.[name];
      if (inputs && !input)
        report(
          s,
          c,
          `item ${i} of parallelFor '${c.name}' sets '${name}', which is not an input of '${c.body}'`,
          `inputs of '${c.body}': ${Object.keys(inputs).join(", ")}`,
        );
      else if (input && itemTypeProblem(input.type, value))
        report(s, c, `item ${i} of parallelFor '${c.name}' sets ${input.type} input '${name}' to ${JSON.stringify(value)}`, `give '${name}' a ${input.type}`);
    }
  });
}

function checkParallelFor(s: Scope, c: ParallelForIR): void {
  const body = claim(s, c, c.body, "body");
  if (body && !LOOP_BODIES.has(body.kind))
    report(s, c, `parallelFor '${c.name}' repeats '${body.name}', a ${body.kind} step`, "a loop body is a command or pipeline-component step (Azure's rule)");
  checkItems(s, c, body);
  if (c.maxConcurrency !== undefined && (!Number.isInteger(c.maxConcurrency) || c.maxConcurrency < 1))
    report(s, c, `parallelFor '${c.name}' runs ${c.maxConcurrency} rounds at once`, "maxConcurrency is a whole number of at least 1");
}

const CHECKS: { [K in ControlFlowIR["type"]]: (s: Scope, c: Extract<ControlFlowIR, { type: K }>) => void } = {
  if_else: checkIfElse,
  do_while: checkDoWhile,
  parallel_for: checkParallelFor,
};

/** Control-flow nodes govern steps of their own graph, decide on booleans, and map ports that exist with matching kinds. */
export const checkControlFlow: Pass = (ctx) => {
  const controls = new Map((ctx.ir.control ?? []).map((x) => [x.name, x]));
  const s: Scope = { ctx, steps: new Map(ctx.ir.steps.map((x) => [x.name, x])), holders: new Map(), controls };
  for (const c of ctx.ir.control ?? []) (CHECKS[c.type] as (s: Scope, c: ControlFlowIR) => void)(s, c);
};
