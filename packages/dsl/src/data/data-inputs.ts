import { captureLocation } from "../core/source-location.ts";
import { DataLink, PipelineInputData, type FileData, type TabularData } from "./data-link.ts";

export interface DatasetOptions<T extends "uri_file" | "uri_folder" | "mltable"> {
  /** A concrete version, or "latest" to follow new versions (retraining on new data). */
  version: string;
  type?: T;
}

/** A registered data asset (`azureml:name:version`). `type: "mltable"` makes it tabular. */
export function dataset(name: string, options: DatasetOptions<"mltable"> & { type: "mltable" }): TabularData;
export function dataset(name: string, options: DatasetOptions<"uri_file" | "uri_folder">): FileData;
export function dataset(name: string, options: DatasetOptions<"uri_file" | "uri_folder" | "mltable">): DataLink<"file" | "tabular"> {
  const type = options.type ?? "uri_folder";
  const input = new PipelineInputData(name, type, { type: "dataset", assetName: name, version: options.version }, captureLocation());
  return new DataLink(type === "mltable" ? "tabular" : "file", input);
}

/** Files on the web, read at run time (the walkthrough's public Titanic CSV). */
export function webFiles(name: string, urls: string | readonly string[]): FileData {
  const list = typeof urls === "string" ? [urls] : [...urls];
  const type = list.length === 1 ? "uri_file" : "uri_folder";
  return new DataLink("file", new PipelineInputData(name, type, { type: "web", urls: list }, captureLocation()));
}

/**
 * A local file or folder, relative to the pipeline file; uploaded on submission. Without `type`,
 * a last path segment with an extension means a file.
 */
export function localFiles(name: string, path: string, options: { type?: "uri_file" | "uri_folder" } = {}): FileData {
  const last = path.replace(/\/+$/, "").split("/").pop() ?? "";
  const type = options.type ?? (/\.[^.]+$/.test(last) && !path.endsWith("/") ? "uri_file" : "uri_folder");
  return new DataLink("file", new PipelineInputData(name, type, { type: "local", path }, captureLocation()));
}
