import { enforceOptions } from "../core/builder-context.ts";
import { either, listOf, object, oneOf, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import type { DataMode } from "../ir/schema.ts";
import { DataLink, PipelineInputData, type FileData, type TabularData } from "./data-link.ts";

/** How Azure may deliver a pipeline's data input to its steps. */
const INPUT_MODES = ["ro_mount", "rw_mount", "download", "direct", "eval_mount", "eval_download"] as const;
const MODE_FIELD = { check: oneOf(...INPUT_MODES) };

/** The option every pipeline data input takes. */
export interface InputModeOption {
  /** How Azure delivers it to the steps: `ro_mount` (its default), `download`, `direct`, … Local runs read it in place. */
  mode?: Exclude<DataMode, "upload">;
}

/** Options of {@link dataset}. */
export interface DatasetOptions<T extends "uri_file" | "uri_folder" | "mltable"> {
  /**
   * A concrete version (`"3"`), or `"latest"` to follow new versions: a schedule then retrains
   * on whatever is newest when it fires (the deploy plan says so).
   */
  version: string;
  /** The asset's type: `uri_file`, `uri_folder` (default), or `mltable`, which makes it tabular (AutoML can read it). */
  type?: T;
  /** How Azure delivers it to the steps (see {@link InputModeOption}). */
  mode?: InputModeOption["mode"];
}

/**
 * A data asset registered in the workspace (`azureml:<name>:<version>`). Local runs read the
 * local copy a run here registered (a step output's `name`), or a mapping in
 * `sluice.config.json` (`"inputs": { "<name>": "path" }`) or `--input <name>=<path>`.
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
      options: {
        ...object({ version: { check: text, required: true }, type: { check: oneOf("uri_file", "uri_folder", "mltable") }, mode: MODE_FIELD }),
        required: true,
      },
    },
    definedAt,
  );
  const type = options?.type ?? "uri_folder";
  const input = new PipelineInputData(name, type, { type: "dataset", assetName: name, version: options?.version }, definedAt, options?.mode);
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
export function webFiles(name: string, urls: string | readonly string[], options: InputModeOption = {}): FileData {
  const definedAt = captureLocation();
  enforceOptions(
    "webFiles",
    { name, urls, options },
    { name: { check: text, required: true }, urls: { check: either(text, listOf(text)), required: true }, options: object({ mode: MODE_FIELD }) },
    definedAt,
  );
  const list = typeof urls === "string" ? [urls] : Array.isArray(urls) ? [...urls] : [];
  const type = list.length === 1 ? "uri_file" : "uri_folder";
  return new DataLink("file", new PipelineInputData(name, type, { type: "web", urls: list }, definedAt, options?.mode));
}

/**
 * A file or folder of the project, relative to the pipeline file, uploaded with the job as the
 * SDK uploads a local `path:` input. Without `type`, a last path segment with an extension means
 * a file; `{ type: "mltable" }` is a folder with an `MLTable` file, read by steps as a table.
 * Its content counts for reuse.
 *
 * @example
 * ```ts
 * const raw = localFiles("raw", "./data/iris.csv");
 * ```
 */
export function localFiles(name: string, path: string, options: { type: "mltable" } & InputModeOption): TabularData;
export function localFiles(name: string, path: string, options?: { type?: "uri_file" | "uri_folder" } & InputModeOption): FileData;
export function localFiles(
  name: string,
  path: string,
  options: { type?: "uri_file" | "uri_folder" | "mltable" } & InputModeOption = {},
): DataLink<"file" | "tabular"> {
  const definedAt = captureLocation();
  enforceOptions(
    "localFiles",
    { name, path, options },
    {
      name: { check: text, required: true },
      path: { check: text, required: true },
      options: object({ type: { check: oneOf("uri_file", "uri_folder", "mltable") }, mode: MODE_FIELD }),
    },
    definedAt,
  );
  const last = String(path).replace(/\/+$/, "").split("/").pop() ?? "";
  const type = options.type ?? (/\.[^.]+$/.test(last) && !path.endsWith("/") ? "uri_file" : "uri_folder");
  // An mltable is a folder with an MLTable file describing its files (checked at compile time, SL112): a table to steps.
  return new DataLink(type === "mltable" ? "tabular" : "file", new PipelineInputData(name, type, { type: "local", path }, definedAt, options?.mode));
}

/** Options of {@link dataAsset}: where its content is, and what it is. */
export interface DataAssetOptions<T extends "uri_file" | "uri_folder" | "mltable"> {
  /** A local file or folder (relative to the pipeline file), uploaded when deployed. */
  path?: string;
  /** A file on the web; the asset points at it. */
  url?: string;
  /** `uri_folder` (default for a path), `uri_file` (default for a URL), or `mltable` (a folder with an `MLTable` file: tabular). */
  type?: T;
  /** Shown in the workspace beside the asset. */
  description?: string;
  /** How Azure delivers it to the steps (see {@link InputModeOption}). */
  mode?: InputModeOption["mode"];
}

/**
 * A named data asset declared in the pipeline file, as the SDK's `Data(...)` plus
 * `create_or_update` (v1: `register(create_new_version=True)`). Runs read it like any input;
 * `sluice deploy` creates version 1, then a new version only when the content changed (a local
 * file or folder by its bytes, a web file by its URL), shows that in the plan, and pins the
 * job and its schedules to the version it resolved.
 *
 * @example
 * ```ts
 * const titanic = dataAsset("titanic_ds", { url: "https://dprepdata.blob.core.windows.net/demo/Titanic.csv" });
 * const local = dataAsset("heart_ds", { path: "./data/heart.csv", description: "heart failure records" });
 * ```
 */
export function dataAsset(name: string, options: DataAssetOptions<"mltable"> & { type: "mltable" }): TabularData;
export function dataAsset(name: string, options: DataAssetOptions<"uri_file" | "uri_folder">): FileData;
export function dataAsset(name: string, options: DataAssetOptions<"uri_file" | "uri_folder" | "mltable">): DataLink<"file" | "tabular"> {
  const definedAt = captureLocation();
  const shape = object({
    path: { check: text },
    url: { check: text },
    type: { check: oneOf("uri_file", "uri_folder", "mltable") },
    description: { check: text },
    mode: MODE_FIELD,
  });
  enforceOptions("dataAsset", { name, options }, { name: { check: text, required: true }, options: { ...shape, required: true } }, definedAt);
  const where = options?.path !== undefined ? "path" : options?.url !== undefined ? "url" : undefined;
  if (!where || (options.path !== undefined && options.url !== undefined))
    throw new SluiceDefinitionError({
      code: "SL009",
      message: `dataAsset '${name}' needs exactly one of path or url`,
      hint: 'give { path: "./data" } or { url: "https://…" }',
      location: definedAt,
    });
  const type = options.type ?? (where === "url" ? "uri_file" : "uri_folder");
  const register = options.description === undefined ? {} : { description: options.description };
  const source =
    where === "url" ? { type: "web" as const, urls: [options.url as string], register } : { type: "local" as const, path: options.path as string, register };
  return new DataLink(type === "mltable" ? "tabular" : "file", new PipelineInputData(name, type, source, definedAt, options.mode));
}
