import type { AutoMLStepIR, PipelineIR } from "@sluice/dsl/ir";
import type { CodeSnapshot } from "../hash/code-snapshot.ts";

/** Azure ML v2 input/output types as they appear in component specs and job bodies. */
export type IOType = "string" | "number" | "boolean" | "uri_file" | "uri_folder" | "mltable" | "mlflow_model" | "custom_model";

/** Where a node input's value comes from. */
export type Binding = { kind: "parent-input"; name: string } | { kind: "node-output"; node: string; output: string } | { kind: "literal"; value: string };

export interface NodeInput {
  binding: Binding;
  type: IOType;
}

export interface NodeOutput {
  type: IOType;
  /** Set when the output is exposed as this pipeline output. */
  pipelineOutput?: string;
}

interface NodeBase {
  /** Node name in `jobs`: the step name, lower-cased (Azure's rule). */
  key: string;
  /** The step name as written, when it differs from `key`. */
  displayName?: string;
  stepName: string;
  /** Explicit compute of the step; the pipeline default applies otherwise. */
  compute?: string;
  allowReuse: boolean;
  dependsOn: string[];
}

export interface CommandNode extends NodeBase {
  kind: "command";
  timeoutSeconds?: number;
  component: string;
  inputs: Record<string, NodeInput>;
  outputs: Record<string, NodeOutput>;
}

export interface AutoMLNode extends NodeBase {
  kind: "automl";
  step: AutoMLStepIR;
  trainingData: Binding;
  validationData?: Binding;
  targetColumn: Binding;
  outputs: { best_model: NodeOutput };
}

export type CompiledNode = CommandNode | AutoMLNode;

export type EnvironmentSpec =
  | { id: string; kind: "registered"; name: string; version: string }
  | { id: string; kind: "image"; image: string; condaFile?: string; conda?: string; version: string };

export interface ComponentSpec {
  /** `name:version`; REST bodies carry `sluice:component:<id>` until the runtime swaps in ARM ids. */
  id: string;
  name: string;
  version: string;
  command: string;
  code: string;
  environment: string;
  inputs: Record<string, { type: IOType }>;
  outputs: Record<string, { type: IOType }>;
  isDeterministic: boolean;
  /** MLTable files the command writes into these outputs after the script succeeds. */
  mltableOutputs: string[];
}

export interface SnapshotSpec extends CodeSnapshot {
  id: string;
  builtin: boolean;
}

export interface PipelineInputSpec {
  name: string;
  type: IOType;
  /** Literal value (parameters) or the data's location (URL, `azureml:` reference, local path). */
  value: string;
  kind: "parameter" | "web" | "dataset" | "local";
}

export interface PipelineOutputSpec {
  type: IOType | "automl_metrics";
  node: string;
  output: string;
}

/** Everything the emitters need, resolved once: nodes in definition order, assets sorted by id. */
export interface CompiledPipeline {
  ir: PipelineIR;
  nodes: CompiledNode[];
  inputs: PipelineInputSpec[];
  outputs: Record<string, PipelineOutputSpec>;
  components: ComponentSpec[];
  snapshots: SnapshotSpec[];
  environments: EnvironmentSpec[];
}
