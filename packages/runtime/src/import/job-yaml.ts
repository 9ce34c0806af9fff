import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { parse } from "yaml";
import { displayPath } from "../runs/checked-json.ts";
import { SluiceError } from "../errors/sluice-error.ts";

/** The `type:` values of CLI v2 job YAMLs (a command component YAML shares `command`). */
export const AZURE_ML_JOB_TYPES = ["pipeline", "command", "sweep", "automl", "parallel", "spark", "import", "data_transfer", "finetuning"];

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isJobType = (v: unknown) => typeof v === "string" && AZURE_ML_JOB_TYPES.includes(v);

/**
 * Whether a parsed YAML document is an Azure ML job (or component) YAML: a job `type:`, an
 * Azure ML `$schema`, a `command:` without a type, or `jobs:` holding Azure ML nodes. A GitHub Actions workflow or a conda file is neither, so `sluice import`
 * has nothing to offer it and `sluice check` should not suggest it.
 */
export function isAzureMlJob(doc: unknown): boolean {
  if (!isMap(doc)) return false;
  const { type, $schema, command, jobs } = doc;
  if (isJobType(type) || (typeof $schema === "string" && /azureml/i.test($schema))) return true;
  // `type:` defaults to command: a command job may leave it out. A jobs map of Azure ML nodes (not `runs-on:` steps) is a pipeline.
  if (type === undefined && typeof command === "string") return true;
  return isMap(jobs) && Object.values(jobs).some((j) => isMap(j) && (isJobType(j.type) || j.component !== undefined || j.trial !== undefined));
}

/** {@link isAzureMlJob} for a file; a file that cannot be read or parsed is not one. */
export function isAzureMlJobFile(file: string): boolean {
  try {
    return isAzureMlJob(parse(readFileSync(file, "utf8"), { version: "1.1" }));
  } catch {
    return false;
  }
}

/**
 * Whether a YAML is a component (`$schema: …/commandComponent.schema.json`, or a `name:` with an
 * `inputs`/`outputs` interface and no job-only keys): it describes a step, not a job to import.
 */
export function isComponentYaml(doc: unknown): boolean {
  if (!isMap(doc)) return false;
  if (typeof doc.$schema === "string") return /Component\.schema\.json$/i.test(doc.$schema);
  return (
    typeof doc.name === "string" &&
    typeof doc.version !== "undefined" &&
    doc.jobs === undefined &&
    doc.compute === undefined &&
    doc.experiment_name === undefined
  );
}

/**
 * Whether a YAML is a prompt flow (`flow.dag.yaml`, `$schema: …/promptflow/…/Flow.schema.json`)
 * or a prompt-flow run (`…/Run.schema.json`), which Azure ML runs as a parallel component built
 * from the flow folder. Without this, a flow without `type:` read as a command component.
 */
export function promptFlowKind(file: string, doc: unknown): "flow" | "run" | undefined {
  const schema = isMap(doc) && typeof doc.$schema === "string" ? doc.$schema : "";
  if (/promptflow\/.*Run\.schema\.json$/i.test(schema)) return "run";
  if (/promptflow\/.*Flow\.schema\.json$/i.test(schema) || /(^|\/)flow\.dag\.ya?ml$/i.test(file)) return "flow";
  return undefined;
}

/** The one-line refusal for a component YAML given to `sluice import` (exit 2), saying how a component is used. */
export function notAJobButComponent(path: string, type: unknown): SluiceError {
  const file = displayPath(path);
  return new SluiceError(
    "usage",
    `${file} is a${typeof type === "string" ? ` ${type}` : ""} component, not a job: sluice import reads pipeline and sweep jobs`,
    {
      hint: `use it from a pipeline file with loadComponent("${file}"), or import the job YAML that names it`,
    },
  );
}

/** The one-line refusal for a YAML that parses but is no Azure ML job (exit 2: the wrong file was given). */
export function notAJob(file: string): SluiceError {
  return new SluiceError("usage", `${file} is not an Azure ML job YAML: it has no type: pipeline|command|sweep`, {
    hint: "sluice import takes a CLI v2 job YAML, such as the pipeline.yml `az ml job create -f` submits",
  });
}

/**
 * Refuses, in one line with exit 2, what `sluice import` cannot be given at all: a missing path,
 * a folder, a file that is not YAML by its extension (Python named as such: v1 is not imported).
 */
export function checkImportTarget(given: string, path: string): void {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) throw new SluiceError("usage", `${given} does not exist`);
  if (stats.isDirectory()) throw new SluiceError("usage", `${given} is a folder: give a job YAML file`);
  if (/^\.ya?ml$/i.test(extname(path))) return;
  const python = /^\.(py|ipynb)$/i.test(extname(path)) ? "; importing Azure ML v1 Python pipelines is not available yet" : "";
  throw new SluiceError("usage", `${given} is not YAML: sluice import takes a CLI v2 job YAML (.yml/.yaml)${python}`);
}
