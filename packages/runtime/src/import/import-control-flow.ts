import { asMap, type Json, unknownKeys } from "./import-component.ts";
import { type ImportContext, identifier, type JobScope, outputRef } from "./import-scope.ts";

// Azure ML's control-flow nodes (`if_else`, `do_while`, `parallel_for`) as `ifElse`, `doWhile`
// and `parallelFor` calls. They name other jobs by `${{parent.jobs.<name>}}`; those jobs are
// already variables when these are written (the job order puts them first).

export const CONTROL_TYPES: ReadonlySet<string> = new Set(["if_else", "do_while", "parallel_for"]);

const KEYS: Record<string, string[]> = {
  if_else: ["type", "condition", "true_block", "false_block"],
  do_while: ["type", "body", "condition", "mapping", "limits"],
  parallel_for: ["type", "body", "items", "max_concurrency", "outputs"],
};

/** The jobs a control-flow node names (its body, blocks, condition's and items' producers): they come first. */
export function controlDeps(j: Json): string[] {
  const refs = JSON.stringify([j.body, j.true_block, j.false_block, j.condition, j.items]);
  return [...refs.matchAll(/parent\.jobs\.([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
}

interface Node {
  ctx: ImportContext;
  scope: JobScope;
  job: string;
  vars: Map<string, string>;
}

const path = (n: Node, ...rest: string[]) => ["jobs", n.job, ...rest];

/** `${{parent.jobs.x}}` → the variable of job x. */
function jobRef(n: Node, value: unknown, key: string): string {
  const m = typeof value === "string" ? /^\$\{\{\s*parent\.jobs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value) : null;
  const v = m ? n.vars.get(m[1] as string) : undefined;
  if (!m) throw n.scope.src.error(path(n, key), `${key} names a job as \${{parent.jobs.<name>}}`);
  if (!v) throw n.scope.src.error(path(n, key), `the pipeline has no job '${m[1]}'`, "name a job of this pipeline");
  return v;
}

/** A block: one job, or a list of them. */
function blockCode(n: Node, key: string): string | undefined {
  const value = n.scope.src.value(path(n, key));
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return jobRef(n, value, key);
  return `[${value.map((v) => jobRef(n, v, key)).join(", ")}]`;
}

/** A value binding: a job's output, a pipeline input, or a literal. */
function valueCode(n: Node, value: unknown, key: string): string {
  if (typeof value === "boolean" || typeof value === "number") return JSON.stringify(value);
  const text = String(value);
  const output = /^\$\{\{\s*parent\.jobs\.([A-Za-z0-9_]+)\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(text);
  if (output) {
    const v = n.vars.get(output[1] as string);
    if (!v) throw n.scope.src.error(path(n, key), `the pipeline has no job '${output[1]}'`);
    return outputRef(n.ctx, v, output[2] as string);
  }
  const input = /^\$\{\{\s*parent\.inputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(text);
  if (input) {
    const v = n.scope.vars.get(input[1] as string);
    if (!v) throw n.scope.src.error(path(n, key), `the pipeline has no input '${input[1]}'`);
    return v;
  }
  if (text === "true" || text === "false") return text;
  throw n.scope.src.error(
    path(n, key),
    `${key} '${text}' is neither a binding nor a literal Sluice can read`,
    "use ${{parent.jobs.<job>.outputs.<output>}}, ${{parent.inputs.<input>}} or true/false",
  );
}

function ifElse(n: Node, j: Json): string[] {
  const lines = [`ifElse({`, `  name: ${JSON.stringify(n.job)},`, `  condition: ${valueCode(n, j.condition, "condition")},`];
  const then = blockCode(n, "true_block");
  const otherwise = blockCode(n, "false_block");
  if (then) lines.push(`  ifTrue: ${then},`);
  if (otherwise) lines.push(`  ifFalse: ${otherwise},`);
  return [...lines, "});"];
}

/** A body output named plainly or as `${{parent.jobs.<body>.outputs.<name>}}`. */
const portName = (value: string) => /\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value)?.[1] ?? value;

function doWhile(n: Node, j: Json): string[] {
  const body = jobRef(n, j.body, "body");
  if (typeof j.condition !== "string") throw n.scope.src.error(path(n, "condition"), "a do_while condition names a boolean control output of its body");
  const mapping = Object.entries(asMap(j.mapping)).map(([out, ins]) => `    ${portName(out)}: ${JSON.stringify(ins)},`);
  const limits = asMap(j.limits);
  unknownKeys(n.scope.src, path(n, "limits"), limits, ["max_iteration_count"]);
  const lines = [`doWhile({`, `  name: ${JSON.stringify(n.job)},`, `  body: ${body},`, `  condition: ${outputRef(n.ctx, body, portName(j.condition))},`];
  if (mapping.length) lines.push("  mapping: {", ...mapping, "  },");
  if (limits.max_iteration_count !== undefined) lines.push(`  maxIterations: ${JSON.stringify(limits.max_iteration_count)},`);
  return [...lines, "});"];
}

function itemsCode(n: Node, items: unknown): string {
  let list = items;
  if (typeof items === "string" && !items.trim().startsWith("${{")) {
    try {
      list = JSON.parse(items);
    } catch (e) {
      throw n.scope.src.error(path(n, "items"), `items is neither JSON nor a binding: ${(e as Error).message}`);
    }
  }
  if (typeof list === "string") return valueCode(n, list, "items");
  if (!Array.isArray(list))
    throw n.scope.src.error(path(n, "items"), "items is a list of input values per round", "write items as a list: [{ input: value }, …]");
  return JSON.stringify(list);
}

function parallelFor(n: Node, j: Json): string[] {
  const body = jobRef(n, j.body, "body");
  const ident = identifier(n.job, n.ctx.taken);
  n.vars.set(n.job, ident);
  for (const [name, value] of Object.entries(asMap(j.outputs))) {
    const bound = typeof value === "string" ? /^\$\{\{\s*parent\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value) : null;
    if (!bound)
      throw n.scope.src.error(path(n, "outputs", name), "a parallel_for output can only be bound to a pipeline output", "write ${{parent.outputs.<name>}}");
    n.scope.exposed.set(bound[1] as string, [n.job, name]);
  }
  const lines = [`const ${ident} = parallelFor({`, `  name: ${JSON.stringify(n.job)},`, `  body: ${body},`, `  items: ${itemsCode(n, j.items)},`];
  if (j.max_concurrency !== undefined) lines.push(`  maxConcurrency: ${JSON.stringify(j.max_concurrency)},`);
  return [...lines, "});"];
}

const BUILDERS: Record<string, { call: string; emit: (n: Node, j: Json) => string[] }> = {
  if_else: { call: "ifElse", emit: ifElse },
  do_while: { call: "doWhile", emit: doWhile },
  parallel_for: { call: "parallelFor", emit: parallelFor },
};

/** The statement creating control-flow node `job` (of type `if_else`, `do_while` or `parallel_for`). */
export function controlNode(ctx: ImportContext, scope: JobScope, job: string, j: Json, vars: Map<string, string>): string[] {
  const type = String(j.type);
  unknownKeys(scope.src, ["jobs", job], j, KEYS[type] ?? []);
  const builder = BUILDERS[type] as (typeof BUILDERS)[string];
  ctx.used.add(builder.call);
  return builder.emit({ ctx, scope, job, vars }, j);
}
