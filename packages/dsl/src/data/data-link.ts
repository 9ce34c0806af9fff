import type { AssetType, DataMode, DelimitedIR, SourceLocation } from "../ir/schema.ts";

/** What a link carries, checked by TypeScript: AutoML wants "tabular", registration wants "model". */
export type DataKind = "file" | "tabular" | "model" | "metrics" | "value";

/** Data that exists before the run: a registered dataset, web files or local files. */
export class PipelineInputData {
  readonly kind = "pipeline-input" as const;
  readonly name: string;
  readonly assetType: AssetType;
  readonly definedAt: SourceLocation;
  readonly source:
    | { type: "dataset"; assetName: string; version: string }
    | { type: "web"; urls: string[]; register?: { description?: string } }
    | { type: "local"; path: string; register?: { description?: string } };
  /** How Azure delivers it to the steps (`ro_mount`, `download`, …), when the author says. */
  readonly mode: DataMode | undefined;

  constructor(name: string, assetType: AssetType, source: PipelineInputData["source"], definedAt: SourceLocation, mode?: DataMode) {
    this.name = name;
    this.assetType = assetType;
    this.source = source;
    this.definedAt = definedAt;
    this.mode = mode;
  }
}

/** Data a step writes (OutputFileDatasetConfig or an AutoML output); it gets its id at synthesis. */
export class ProducedData {
  /** @internal */
  readonly kind = "produced" as const;
  /** The output's name, as given to {@link outputFileDataset}. */
  readonly name: string;
  /** @internal */
  readonly definedAt: SourceLocation;
  /** @internal */
  delimited: DelimitedIR | undefined;

  /** @internal */
  constructor(name: string, definedAt: SourceLocation) {
    this.name = name;
    this.definedAt = definedAt;
  }
}

/**
 * A typed reference to data, passed to a consuming step. Its kind is what TypeScript checks:
 * AutoML's `trainingData` takes only {@link TabularData}, registration only {@link ModelData}.
 */
export class DataLink<K extends DataKind = DataKind> {
  /** What the data is: `file`, `tabular`, `model` or `metrics`. */
  readonly kind: K;
  /** @internal */
  readonly target: PipelineInputData | ProducedData;
  /** How the reading step gets it on Azure, when said with {@link DataLink.readAs}. */
  readonly mode: DataMode | undefined;
  /** @internal The Azure type a component declared for the output (`uri_file` or `uri_folder` for file data; a value's type). */
  readonly declaredType: AssetType | ValueType | undefined;

  /** @internal */
  constructor(kind: K, target: PipelineInputData | ProducedData, mode?: DataMode, declaredType?: AssetType | ValueType) {
    this.kind = kind;
    this.target = target;
    this.mode = mode;
    this.declaredType = declaredType;
  }

  /**
   * The same data, delivered to the step that reads it in this mode on Azure (`direct`,
   * `ro_mount`, `eval_mount`, `download`, …), as a CLI v2 YAML's `{ path: ${{parent.jobs.x.outputs.y}}, mode: … }`.
   * Local runs read the folder either way.
   */
  readAs(mode: DataMode): DataLink<K> {
    return new DataLink(this.kind, this.target, mode, this.declaredType);
  }
}

/** Files or a folder: {@link webFiles}, {@link localFiles}, a file {@link dataset}, `output.asInput()`. */
export type FileData = DataLink<"file">;
/** A table: `output.readDelimitedFiles()` or an mltable {@link dataset}. What AutoML reads. */
export type TabularData = DataLink<"tabular">;
/** A trained model: an AutoML step's `outputs.bestModel`. What registration takes. */
export type ModelData = DataLink<"model">;
/** The type of a value a step outputs. */
export type ValueType = "string" | "number" | "integer" | "boolean";
/**
 * A value a step outputs (`output.boolean()`, `output.string()`, …): read by later steps as an
 * input value, and, when a boolean control output, the condition of `ifElse` or `doWhile`.
 */
export type ValueData = DataLink<"value">;
/** AutoML's trial metrics: a pipeline output only. */
export type MetricsData = DataLink<"metrics">;

/** @internal */
export function isDataLink(value: unknown): value is DataLink {
  return value instanceof DataLink;
}
