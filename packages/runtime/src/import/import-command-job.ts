import { checkValues } from "./azure-ml-keys.ts";
import { asMap, type ImportedComponent, jobNames, type Json, objectLiteral, unknownKeys } from "./import-component.ts";
import { inlineCommand, inputValue, outputSettings, runSettings } from "./import-node.ts";
import { type ImportContext, type JobScope, RESERVED, stripAzureml } from "./import-scope.ts";
import type { YamlSource } from "./yaml-source.ts";

/** What a command job YAML may say, as `commandJob` options; anything else is refused where it stands. */
const COMMAND_JOB_KEYS = [
  ...["$schema", "type", "display_name", "experiment_name", "description", "tags", "compute", "code", "command", "environment"],
  ...["inputs", "outputs", "resources", "distribution", "limits", "environment_variables", "services"],
];

/** The job's own options: its name (the YAML's display name, else the file's), experiment, description, tags, compute. */
export function jobOptions(src: YamlSource, doc: Json): string[] {
  // Checked here too: a standalone AutoML job takes its compute and name out before its keys are.
  checkValues(src, [], doc, ["display_name", "experiment_name", "description", "tags", "compute"]);
  return [
    ...Object.entries(jobNames(src.file, doc.display_name)).map(([k, v]) => `${k}: ${JSON.stringify(v)},`),
    ...(doc.experiment_name !== undefined ? [`experiment: ${JSON.stringify(String(doc.experiment_name))},`] : []),
    ...(doc.description !== undefined ? [`description: ${JSON.stringify(String(doc.description).trim())},`] : []),
    ...(doc.tags !== undefined ? [`tags: ${objectLiteral(asMap(doc.tags))},`] : []),
    // Without a compute Azure runs a command job on serverless compute.
    ...(typeof doc.compute === "string" ? [`compute: ${JSON.stringify(stripAzureml(doc.compute))},`] : []),
  ];
}

/**
 * A CLI v2 command job YAML (`type: command`, or `command:` without a type) as a Sluice file
 * exporting a `commandJob`: the same reading of inputs, outputs, code, environment and run
 * settings as a command written on a pipeline's node, at the top level of the file.
 */
export function importCommandJob(src: YamlSource, outDir: string, relativeYaml: string): string {
  return importStandaloneJob(src, outDir, relativeYaml, {
    keys: COMMAND_JOB_KEYS,
    builder: "commandJob",
    step: "commandStep",
    inline: inlineCommand,
    settings: (doc) => runSettings(src, [], doc),
  });
}

/** How one standalone job type is read: its keys, its builder and step builder, its job written on the node, its run settings. */
export interface StandaloneJobReading {
  keys: readonly string[];
  builder: string;
  step: string;
  inline: (ctx: ImportContext, scope: JobScope, job: string, j: Json) => { component: ImportedComponent; lines: string[] };
  settings: (doc: Json) => string[];
}

/**
 * A standalone job YAML as a Sluice file exporting `<builder>({...})`: the job's own options, its
 * inputs and outputs, and the same reading as the job written on a pipeline's node, at the top
 * level of the file.
 */
export function importStandaloneJob(src: YamlSource, outDir: string, relativeYaml: string, reading: StandaloneJobReading): string {
  const doc = asMap(src.value([]));
  unknownKeys(src, [], doc, reading.keys);
  const ctx: ImportContext = { outDir, components: new Map(), componentCode: [], used: new Set([reading.builder]), taken: new Set(RESERVED) };
  const scope: JobScope = { src, vars: new Map(), outputSettings: () => ({}), exposed: new Map(), indent: "", jobPath: () => [] };
  const { description: _description, ...node } = doc;
  const inline = reading.inline(ctx, scope, "job", node);
  ctx.used.delete(reading.step);
  const inputs = Object.entries(asMap(doc.inputs)).map(([n, v]) => `  ${n}: ${inputValue(ctx, scope, "job", n, v, new Map())},`);
  // A job's outputs are all its own: only a mode or path needs saying.
  const outputs = outputSettings(scope, "job", inline.component).filter((l) => !l.endsWith(": {},"));
  const lines = [
    ...jobOptions(src, doc),
    ...(inputs.length ? ["inputs: {", ...inputs, "},"] : []),
    ...inline.lines,
    ...(outputs.length ? ["outputSettings: {", ...outputs.map((l) => `  ${l}`), "},"] : []),
    ...reading.settings(doc),
  ];
  return standaloneFile(relativeYaml, ctx.used, reading.builder, lines);
}

/** The generated file of a standalone job: its imports and `export default <builder>({ …lines })`. */
export function standaloneFile(relativeYaml: string, used: Set<string>, builder: string, lines: string[]): string {
  return [
    `// Imported by \`sluice import\` from ${relativeYaml}.`,
    `import { ${[...used].sort().join(", ")} } from "@sluice/dsl";`,
    "",
    `export default ${builder}({`,
    ...lines.map((l) => `  ${l}`),
    "});",
    "",
  ].join("\n");
}
