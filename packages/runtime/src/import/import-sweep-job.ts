import { dirname, resolve } from "node:path";
import { isLocalUri } from "@sluice/compiler";
import {
  asMap,
  commandCode,
  DATA_BUILDERS,
  environmentCode,
  INPUT_BUILDERS,
  jobNames,
  type Json,
  OUTPUT_BUILDERS,
  objectLiteral,
  pathFrom,
  unknownKeys,
} from "./import-component.ts";
import { SWEEP_KEYS, sweepOptionLines } from "./import-sweep.ts";
import type { YamlSource } from "./yaml-source.ts";

const JOB_KEYS = ["$schema", "type", "display_name", "experiment_name", "description", "tags", "compute", "trial", "inputs", "outputs", ...SWEEP_KEYS];
const NUMERIC = ["uniform", "loguniform", "quniform", "qloguniform", "normal", "lognormal", "qnormal", "qlognormal"];

/** The trial input type a searched value needs: what its distribution draws. */
function searchedType(spec: unknown): string {
  const d = asMap(spec);
  if (d.type === "randint") return "integer";
  if (NUMERIC.includes(String(d.type))) return "number";
  const values = Array.isArray(d.values) ? d.values : [];
  if (values.every((v) => typeof v === "number")) return values.every(Number.isInteger) ? "integer" : "number";
  return values.every((v) => typeof v === "boolean") ? "boolean" : "string";
}

/** A job input: its trial input type, and the value the job gives it (a literal, or data by path or URL). */
function jobInput(src: YamlSource, name: string, value: unknown, outDir: string, used: Set<string>): { type: string; code: string } {
  if (typeof value === "number") return { type: Number.isInteger(value) ? "integer" : "number", code: JSON.stringify(value) };
  if (typeof value === "string" || typeof value === "boolean") return { type: typeof value, code: JSON.stringify(value) };
  const d = asMap(value);
  unknownKeys(src, ["inputs", name], d, ["type", "path", "mode"]);
  const type = String(d.type ?? "uri_folder");
  if (!DATA_BUILDERS[type] || typeof d.path !== "string")
    throw src.error(["inputs", name], "a data input needs a type (uri_file, uri_folder, mltable) and a path");
  const builder = DATA_BUILDERS[type] as string;
  used.add(builder);
  const where = isLocalUri(d.path) ? pathFrom(outDir, resolve(dirname(src.file), d.path)) : d.path;
  return { type, code: `${builder}(${JSON.stringify(where)}${d.mode ? `, { mode: ${JSON.stringify(d.mode)} }` : ""})` };
}

/** `const trial = component({…})`: a Sweep job's trial command as the component the DSL sweeps. */
function trialComponent(src: YamlSource, doc: Json, inputs: Record<string, string>, outDir: string, used: Set<string>): string {
  const trial = asMap(doc.trial);
  unknownKeys(src, ["trial"], trial, ["code", "command", "environment"]);
  if (typeof trial.command !== "string") throw src.error(["trial"], "a sweep job's trial needs a command");
  const outputs = Object.entries(asMap(doc.outputs)).map(([n, o]) => {
    unknownKeys(src, ["outputs", n], asMap(o), ["type"]);
    const builder = OUTPUT_BUILDERS[String(asMap(o).type ?? "uri_folder")];
    if (!builder) throw src.error(["outputs", n, "type"], `output type '${String(asMap(o).type)}' is not one Azure ML jobs write`);
    return `    ${n}: output.${builder}(),`;
  });
  const command = commandCode(trial.command.replace(/\$\{\{\s*search_space\.(\w+)\s*\}\}/g, "${{inputs.$1}}"));
  const name = String(doc.display_name ?? "sweep").replace(/[^A-Za-z0-9_]/g, "_");
  used.add("component").add("cmd").add("environment").add("input");
  if (outputs.length) used.add("output");
  const lines = ["const trial = component({", `  name: ${JSON.stringify(`${name}_trial`)},`];
  if (typeof trial.code === "string") lines.push(`  code: ${JSON.stringify(pathFrom(outDir, resolve(dirname(src.file), trial.code)))},`);
  lines.push(`  environment: ${environmentCode(src, ["trial", "environment"], trial.environment, dirname(src.file), outDir)},`);
  lines.push("  inputs: {", ...Object.entries(inputs).map(([n, t]) => `    ${n}: input.${INPUT_BUILDERS[t]}(),`), "  },");
  if (outputs.length) lines.push("  outputs: {", ...outputs, "  },");
  lines.push(`  command: (${command.uses.length ? `{ ${command.uses.join(", ")} }` : ""}) => ${command.code},`, "});");
  return lines.join("\n");
}

/** A CLI v2 sweep job YAML (`type: sweep`) as a Sluice file exporting a `sweepJob`. */
export function importSweepJob(src: YamlSource, outDir: string, relativeYaml: string): string {
  const doc = asMap(src.value([]));
  unknownKeys(src, [], doc, JOB_KEYS);
  const used = new Set(["sweepJob"]);
  const given = Object.entries(asMap(doc.inputs)).map(([n, v]) => [n, jobInput(src, n, v, outDir, used)] as const);
  const types = { ...Object.fromEntries(given.map(([n, i]) => [n, i.type])) };
  for (const [n, d] of Object.entries(asMap(doc.search_space))) types[n] = searchedType(d);
  const component = trialComponent(src, doc, types, outDir, used);
  const options = [
    ...Object.entries(jobNames(src.file, doc.display_name)).map(([k, v]) => `  ${k}: ${JSON.stringify(v)},`),
    ...(doc.experiment_name !== undefined ? [`  experiment: ${JSON.stringify(String(doc.experiment_name))},`] : []),
    ...(doc.description !== undefined ? [`  description: ${JSON.stringify(String(doc.description))},`] : []),
    ...(doc.tags !== undefined ? [`  tags: ${objectLiteral(asMap(doc.tags))},`] : []),
    // Without a compute Azure runs the trials on serverless compute.
    ...(typeof doc.compute === "string" ? [`  compute: ${JSON.stringify(doc.compute.replace(/^azureml:/, ""))},`] : []),
    "  trial,",
    ...(given.length ? ["  inputs: {", ...given.map(([n, i]) => `    ${n}: ${i.code},`), "  },"] : []),
    ...sweepOptionLines(src, [], doc, used).map((l) => `  ${l}`),
  ];
  return [
    `// Imported by \`sluice import\` from ${relativeYaml}.`,
    `import { ${[...used].sort().join(", ")} } from "@sluice/dsl";`,
    "",
    component,
    "",
    "export default sweepJob({",
    ...options,
    "});",
    "",
  ].join("\n");
}
