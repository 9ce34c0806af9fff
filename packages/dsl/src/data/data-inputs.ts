import { enforceOptions } from "../core/builder-context.ts";
import { either, listOf, object, oneOf, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import { DataLink, PipelineInputData, type FileData, type TabularData } from "./data-link.ts";

/** Options of {@link dataset}. */
export interface DatasetOptions<T extends "uri_file" | "uri_folder" | "mltable"> {
  /**
   * A concrete version (`"3"`), or `"latest"` to follow new versions: a schedule then retrains
   * on whatever is newest when it fires (the deploy plan says so).
   */
  version: string;
  /** The asset's type: `uri_file`, `uri_folder` (default), or `mltable`, which makes it tabular (AutoML can read it). */
  type?: T;
}

/**
 * A data asset registered in the workspace (`azureml:<name>:<version>`). Local runs need a
 * local copy: map it in `sluice.config.json` (`"inputs": { "<name>": "path" }`) or pass
 * `--input <name>=<path>`.
 *
 * @example
 * ```ts
 * const sales = dataset("sales", { version: "latest", type: "mltable" });
 * autoMLStep({ name: "train", task: "regression", trainingData: sales, labelColumn: "units" });
 * ```
 */
export function dataset(name: string, options: DatasetOptions<"mltable"> & { type: "mltable" }): TabularData;
export function dataset(name: string, options: DatasetOptions<"uri_file" | "uri_folder">): FileData;
export function dataset(name: string, options: DatasetOptions<"uri_file" | "uri_folder" | "mltable">): DataLink<"file" | "tabular"> {
  const definedAt = captureLocation();
  enforceOptions(
    "dataset",
    { name, options },
    {
      name: { check: text, required: true },
      options: { ...object({ version: { check: text, required: true }, type: { check: oneOf("uri_file", "uri_folder", "mltable") } }), required: true },
    },
    definedAt,
  );
  const type = options?.type ?? "uri_folder";
  const input = new PipelineInputData(name, type, { type: "dataset", assetName: name, version: options?.version }, definedAt);
  return new DataLink(type === "mltable" ? "tabular" : "file", input);
}

/**
 * Files on the web (http or https), read when the pipeline runs: one URL is a file
 * (`uri_file`), several a folder. Locally they are downloaded once and cached by content; map
 * `name` in `sluice.config.json` to work offline.
 *
 * @example
 * ```ts
 * const titanic = webFiles("titanic_ds", "https://dprepdata.blob.core.windows.net/demo/Titanic.csv");
 * ```
 */
export function webFiles(name: string, urls: string | readonly string[]): FileData {
  const definedAt = captureLocation();
  enforceOptions("webFiles", { name, urls }, { name: { check: text, required: true }, urls: { check: either(text, listOf(text)), required: true } }, definedAt);
  const list = typeof urls === "string" ? [urls] : Array.isArray(urls) ? [...urls] : [];
  const type = list.length === 1 ? "uri_file" : "uri_folder";
  return new DataLink("file", new PipelineInputData(name, type, { type: "web", urls: list }, definedAt));
}

/**
 * A file or folder of the project, relative to the pipeline file. Without `type`, a last path
 * segment with an extension means a file. Its content counts for reuse.
 *
 * @example
 * ```ts
 * const raw = localFiles("raw", "./data/iris.csv");
 * ```
 */
export function localFiles(name: string, path: string, options: { type?: "uri_file" | "uri_folder" } = {}): FileData {
  const definedAt = captureLocation();
  enforceOptions(
    "localFiles",
    { name, path, options },
    { name: { check: text, required: true }, path: { check: text, required: true }, options: object({ type: { check: oneOf("uri_file", "uri_folder") } }) },
    definedAt,
  );
  const last = String(path).replace(/\/+$/, "").split("/").pop() ?? "";
  const type = options.type ?? (/\.[^.]+$/.test(last) && !path.endsWith("/") ? "uri_file" : "uri_folder");
  return new DataLink("file", new PipelineInputData(name, type, { type: "local", path }, definedAt));
}
