import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { safeJoin } from "../../fs/safe-path.ts";
import type { Interpreter } from "../../python/find-python.ts";
import { nodeDataKey, type ResolvedData } from "./data-inputs.ts";
import type { LocalBinding } from "./local-nodes.ts";

/** The file a value output is written to, inside its output folder (what `${{outputs.x}}` names locally). */
export const VALUE_FILE = "value";

/** A value output's text, as Azure passes a literal: what the step wrote, without the trailing newline. */
export function readValue(dir: string, label: string): string {
  const file = join(dir, VALUE_FILE);
  if (!existsSync(file)) throw new Error(`value output ${label} was never written (expected ${file})`);
  return readFileSync(file, "utf8").replace(/\r?\n$/, "");
}

/** Everything steps of one run share: where things live and how inputs resolve to values. */
export class RunContext {
  readonly runId: string;
  readonly runDir: string;
  readonly pipeline: string;
  readonly baseDir: string;
  readonly registryDir: string;
  /** Local endpoints' state (`<state>/endpoints`): what a deploy step reads and promotes. */
  readonly endpointsDir: string;
  readonly params: Map<string, string>;
  readonly data: Map<string, ResolvedData>;
  readonly interpreters: Map<string, Interpreter>;
  readonly signal: AbortSignal;
  /** A sweep's identity without its sweep settings, by node: what its trials' cache keys start from. */
  readonly trialBases: Map<string, string>;
  /** Where finished sweep trials are kept for reuse (beside the step cache). */
  readonly cacheDir: string;
  /** `node/output` of every value output (`output.boolean()`, …): a reader gets the value, not the folder. */
  readonly valueOutputs = new Set<string>();
  /** `node/output` → the file a `uri_file` output is, inside its folder (what readers are given). */
  readonly fileOutputs = new Map<string, string>();

  constructor(init: Omit<RunContext, "stepDir" | "outputPath" | "resolve" | "env" | "valueOutputs" | "fileOutputs">) {
    this.runId = init.runId;
    this.runDir = init.runDir;
    this.pipeline = init.pipeline;
    this.baseDir = init.baseDir;
    this.registryDir = init.registryDir;
    this.endpointsDir = init.endpointsDir;
    this.params = init.params;
    this.data = init.data;
    this.interpreters = init.interpreters;
    this.signal = init.signal;
    this.trialBases = init.trialBases;
    this.cacheDir = init.cacheDir;
  }

  stepDir(node: string): string {
    return safeJoin(this.runDir, "steps", node);
  }

  outputPath(node: string, output: string): string {
    return safeJoin(this.stepDir(node), "outputs", output);
  }

  /** A node input's local value: a literal, a parameter value, or a data path. */
  resolve(binding: LocalBinding): string {
    if (binding.kind === "literal") return binding.value;
    if (binding.kind === "node-output") {
      const path = this.outputPath(binding.node, binding.output);
      if (!existsSync(path)) throw new Error(`output ${binding.node}.${binding.output} does not exist`);
      const port = `${binding.node}/${binding.output}`;
      if (this.valueOutputs.has(port)) return readValue(path, `${binding.node}.${binding.output}`);
      const file = this.fileOutputs.get(port);
      return file === undefined ? path : join(path, file);
    }
    if (binding.kind === "data") {
      const data = this.data.get(nodeDataKey(binding.uri));
      if (!data) throw new Error(`data ${binding.uri} was not resolved`);
      return data.path;
    }
    const param = this.params.get(binding.name);
    if (param !== undefined) return param;
    const data = this.data.get(binding.name);
    if (!data) throw new Error(`pipeline input '${binding.name}' was not resolved`);
    return data.path;
  }

  /** The step's environment: the user's, plus what scripts and the registration step read. */
  env(node: string, stepName: string): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PYTHONUNBUFFERED: "1",
      PYTHONDONTWRITEBYTECODE: "1",
      SLUICE_RUN_ID: this.runId,
      SLUICE_PIPELINE: this.pipeline,
      SLUICE_STEP: stepName,
      SLUICE_NODE: node,
      SLUICE_MODEL_REGISTRY: this.registryDir,
      SLUICE_ENDPOINTS_DIR: this.endpointsDir,
      SLUICE_OUTPUTS_DIR: join(this.stepDir(node), "outputs"),
    };
  }
}
