import { captureLocation } from "../core/source-location.ts";
import type { DataMode, SourceLocation } from "../ir/schema.ts";
import type { DataIOType } from "./io-specs.ts";

/**
 * Data given to one step where it is called (a node-level input in Azure's terms): a path on
 * this machine, relative to the file that calls it, an `azureml:` asset or datastore URI, or a
 * web URL. Local runs read local paths and URLs; Azure runs upload local paths.
 */
export class StepData<T extends DataIOType = DataIOType> {
  /** @internal */
  readonly kind = "step-data" as const;
  /** The data's Azure type. */
  readonly type: T;
  /** The path or URI, as written. */
  readonly uri: string;
  /** @internal */
  readonly mode: DataMode | undefined;
  /** @internal */
  readonly definedAt: SourceLocation;

  /** @internal */
  constructor(type: T, uri: string, mode: DataMode | undefined, definedAt: SourceLocation) {
    this.type = type;
    this.uri = uri;
    this.mode = mode;
    this.definedAt = definedAt;
  }
}

/** A folder for one step's `uri_folder` input: `dataFolder("./data")`, `dataFolder("azureml://datastores/…/paths/x", { mode: "ro_mount" })`. */
export function dataFolder(uri: string, options: { mode?: DataMode } = {}): StepData<"uri_folder"> {
  return new StepData("uri_folder", uri, options.mode, captureLocation());
}

/** A file for one step's `uri_file` input: a local path, a datastore URI or a web URL. */
export function dataFile(uri: string, options: { mode?: DataMode } = {}): StepData<"uri_file"> {
  return new StepData("uri_file", uri, options.mode, captureLocation());
}

/** A folder holding an `MLTable` file, for one step's `mltable` input. */
export function dataTable(uri: string, options: { mode?: DataMode } = {}): StepData<"mltable"> {
  return new StepData("mltable", uri, options.mode, captureLocation());
}

/**
 * A model for one step's model input: an MLflow model folder (`type: "mlflow_model"`) or a model
 * in any format (`custom_model`, the default), as a local path, an `azureml:<name>:<version>`
 * model asset, a datastore or job-output URI.
 */
export function dataModel<T extends "custom_model" | "mlflow_model" = "custom_model">(uri: string, options: { type?: T; mode?: DataMode } = {}): StepData<T> {
  return new StepData((options.type ?? "custom_model") as T, uri, options.mode, captureLocation());
}
