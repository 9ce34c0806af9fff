import type { AssetType, DelimitedIR, SourceLocation } from "../ir/schema.ts";

/** What a link carries, checked by TypeScript: AutoML wants "tabular", registration wants "model". */
export type DataKind = "file" | "tabular" | "model" | "metrics";

/** Data that exists before the run: a registered dataset, web files or local files. */
export class PipelineInputData {
  readonly kind = "pipeline-input" as const;
  readonly name: string;
  readonly assetType: AssetType;
  readonly definedAt: SourceLocation;
  readonly source:
    | { type: "dataset"; assetName: string; version: string }
    | { type: "web"; urls: string[] }
    | { type: "local"; path: string };

  constructor(name: string, assetType: AssetType, source: PipelineInputData["source"], definedAt: SourceLocation) {
    this.name = name;
    this.assetType = assetType;
    this.source = source;
    this.definedAt = definedAt;
  }
}

/** Data a step writes (OutputFileDatasetConfig or an AutoML output); it gets its id at synthesis. */
export class ProducedData {
  readonly kind = "produced" as const;
  readonly name: string;
  readonly definedAt: SourceLocation;
  delimited: DelimitedIR | undefined;

  constructor(name: string, definedAt: SourceLocation) {
    this.name = name;
    this.definedAt = definedAt;
  }
}

/** A typed reference to data, passed to a consuming step. */
export class DataLink<K extends DataKind = DataKind> {
  readonly kind: K;
  readonly target: PipelineInputData | ProducedData;

  constructor(kind: K, target: PipelineInputData | ProducedData) {
    this.kind = kind;
    this.target = target;
  }
}

export type FileData = DataLink<"file">;
export type TabularData = DataLink<"tabular">;
export type ModelData = DataLink<"model">;
export type MetricsData = DataLink<"metrics">;

export function isDataLink(value: unknown): value is DataLink {
  return value instanceof DataLink;
}
