import { asMap, INPUT_BUILDERS, type ImportedComponent, type Json, OUTPUT_BUILDERS } from "./import-component.ts";
import { boundOutput } from "./import-node.ts";
import { camel, identifier, type ImportContext, jobPath, type JobScope } from "./import-scope.ts";

const PARENT_INPUT = /^\$\{\{\s*parent\.inputs\.([A-Za-z0-9_]+)\s*\}\}$/;
const UPSTREAM = /^\$\{\{\s*parent\.jobs\.([A-Za-z0-9_]+)\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/;

/** A literal's input type, as the SDK infers one (a whole number is an integer). */
function literalType(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value === "boolean" ? "boolean" : "string";
}

/** The type of what a node input is given: a parent input's, an upstream output's, data's, or a literal's. */
function givenType(scope: JobScope, value: unknown): string {
  if (typeof value === "string") {
    const parent = PARENT_INPUT.exec(value)?.[1];
    if (parent !== undefined) {
      const spec = scope.src.value(["inputs", parent]);
      if (typeof spec !== "object" || spec === null) return literalType(spec);
      const s = asMap(spec);
      return s.type !== undefined ? String(s.type) : s.path !== undefined ? "uri_folder" : literalType(s.default);
    }
    const upstream = UPSTREAM.exec(value);
    if (upstream) return scope.outputTypes?.get(upstream[1] as string)?.[upstream[2] as string] ?? "uri_folder";
  }
  if (typeof value === "object" && value !== null) return String(asMap(value).type ?? "uri_folder");
  return literalType(value);
}

/** Outputs of `job` the node lists, or later jobs read: each with the type the pipeline gives it. */
function usedOutputs(scope: JobScope, job: string, j: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(asMap(j.outputs))) {
    const bound = boundOutput(value);
    out[name] = String(asMap(value).type ?? (bound !== undefined ? scope.outputSettings(bound).type : undefined) ?? "uri_folder");
  }
  const text = JSON.stringify(scope.src.value(["jobs"]) ?? {});
  for (const m of text.matchAll(new RegExp(`parent\\.jobs\\.${job}\\.outputs\\.([A-Za-z0-9_]+)`, "g"))) out[m[1] as string] ??= "uri_folder";
  return out;
}

/**
 * A registered component (`azureml:name@latest`, `azureml://registries/…`) whose interface is not
 * in the YAML: `registeredComponent(reference, { inputs, outputs })` typed from how this pipeline
 * uses it (what its node is given, what it and later nodes read), marked as inferred.
 */
export function importRegistered(ctx: ImportContext, scope: JobScope, job: string, reference: string): ImportedComponent {
  const j = asMap(scope.src.value(jobPath(scope, job)));
  const inputs = Object.fromEntries(Object.entries(asMap(j.inputs)).map(([n, v]) => [n, givenType(scope, v)]));
  const outputs = usedOutputs(scope, job, j);
  const known = ctx.components.get(reference);
  if (known) {
    // Another node using the same component may use more of it.
    Object.assign(known.inputs, { ...inputs, ...known.inputs });
    Object.assign(known.outputs, { ...outputs, ...known.outputs });
    return known;
  }
  const name = /components\/([A-Za-z0-9_.-]+)/.exec(reference)?.[1] ?? /^azureml:([A-Za-z0-9_.-]+)/.exec(reference)?.[1] ?? job;
  const ident = identifier(camel(name), ctx.taken);
  ctx.used.add("registeredComponent");
  const imported: ImportedComponent = { ident, code: "", inputs, outputs };
  // Written once every node is read: its interface is then the union of all their uses.
  const render = () => {
    const io = (specs: Record<string, string>, builders: Record<string, string>, kind: string) =>
      Object.entries(specs).map(([n, t]) => `    ${n}: ${kind}.${builders[t] ?? (kind === "input" ? "string" : "uriFolder")}(),`);
    const ins = io(imported.inputs, INPUT_BUILDERS, "input");
    const outs = io(imported.outputs, OUTPUT_BUILDERS, "output");
    return [
      `// Registered component: its interface is not in the YAML, so it is inferred from how this pipeline uses it`,
      `// (the registered one may declare more inputs and outputs).`,
      `const ${ident} = registeredComponent(${JSON.stringify(reference)}, {`,
      ...(ins.length ? ["  inputs: {", ...ins, "  },"] : []),
      ...(outs.length ? ["  outputs: {", ...outs, "  },"] : []),
      "});",
    ].join("\n");
  };
  ctx.components.set(reference, imported);
  ctx.componentCode.push(render);
  return imported;
}
