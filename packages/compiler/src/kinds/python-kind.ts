import { resolve } from "node:path";
import type { DelimitedIR, PythonScriptStepIR } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import { bindAll, commandNode, dirOf, nodeOutput } from "../lower/command-node.ts";
import { mltableCommand } from "../lower/mltable.ts";
import { joinWords } from "../lower/shell-words.ts";
import type { StepKind } from "./step-kind.ts";

/** A step timeout Azure can express: a whole number of seconds. */
function checkTimeout(ctx: CompileContext, step: PythonScriptStepIR): void {
  if (step.timeoutSeconds === undefined) return;
  if (Number.isInteger(step.timeoutSeconds) && step.timeoutSeconds > 0) return;
  ctx.diagnostics.report(
    "SL120",
    ctx.at(step),
    `timeoutSeconds of step '${step.name}' must be a positive whole number, got ${step.timeoutSeconds}`,
    "give the timeout in whole seconds, e.g. timeoutSeconds: 600",
  );
}

/** `python <script> <args>`: the author's code folder, uploaded as an anonymous command component. */
export const PYTHON_KIND: StepKind<PythonScriptStepIR> = {
  reads: (s) => Object.entries(s.inputs).map(([name, ref]) => ({ slot: name, ref, named: true })),
  writes: (s, delimited) =>
    Object.entries(s.outputs).map(([port, o]) => ({ port, data: o.data, type: delimited.has(o.data) ? "mltable" : "uri_folder", declared: true })),
  code: (s) => ({ dir: resolve(dirOf(s.definedAt.file), s.sourceDirectory), written: s.sourceDirectory, script: s.script, builtin: false }),
  environment: (s) => s.environment,
  check: checkTimeout,
  lower(ctx, step) {
    const deps = new Set<string>();
    const inputs = bindAll(ctx, step.inputs, deps);
    const outputs = Object.fromEntries(Object.entries(step.outputs).map(([n, o]) => [n, nodeOutput(ctx, o.data)]));
    const words = ["python", step.script, ...step.arguments.map((a) => (a.type === "text" ? a.value : `\${{${a.type}s.${a.name}}}`))];
    const tables = Object.entries(step.outputs)
      .filter(([, o]) => ctx.delimited.has(o.data))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const command = [joinWords(words), ...tables.map(([n, o]) => mltableCommand(n, ctx.delimited.get(o.data) as DelimitedIR))].join(" && ");
    const codeDir = resolve(dirOf(step.definedAt.file), step.sourceDirectory);
    const parts = { inputs, outputs, command, codeDir, builtin: false, environment: step.environment, mltableOutputs: tables.map(([n]) => n), deps };
    const node = commandNode(ctx, step, parts);
    return step.timeoutSeconds === undefined ? node : { ...node, timeoutSeconds: step.timeoutSeconds };
  },
};
