import { currentPipelineName } from "../core/builder-context.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { captureLocation } from "../core/source-location.ts";
import type { DelimitedIR } from "../ir/schema.ts";
import { DataLink, ProducedData, type FileData, type TabularData } from "./data-link.ts";

export interface DelimitedOptions {
  /** Glob of the files, relative to the output folder. Default `./*.csv`. */
  pattern?: string;
  delimiter?: string;
  /** Default: every file starts with the same header row. */
  header?: "all_files_same_headers" | "no_header" | "from_first_file";
  encoding?: string;
}

/**
 * A folder a step writes (Azure's OutputFileDatasetConfig). Put it in the producing step's
 * `arguments` or `outputs`; consumers read it with `asInput()` or `readDelimitedFiles()`.
 */
export class OutputFileDataset extends ProducedData {
  /** Consume the folder as files (uri_folder). */
  asInput(): FileData {
    return new DataLink("file", this);
  }

  /**
   * Consume the folder as a table (mltable), as AutoML requires. The producing step's output
   * then carries an `MLTable` file describing these delimited files, written by Sluice.
   */
  readDelimitedFiles(options: DelimitedOptions = {}): TabularData {
    const wanted: DelimitedIR = {
      pattern: options.pattern ?? "./*.csv",
      delimiter: options.delimiter ?? ",",
      header: options.header ?? "all_files_same_headers",
      encoding: options.encoding ?? "utf8",
    };
    if (this.delimited && JSON.stringify(this.delimited) !== JSON.stringify(wanted)) {
      throw new SluiceDefinitionError({
        code: "SL002",
        message: `readDelimitedFiles() was called on '${this.name}' twice with different options`,
        hint: "a folder has one MLTable description: call readDelimitedFiles() once and reuse the result",
        location: captureLocation(),
        stepPath: currentPipelineName() ?? "pipeline",
      });
    }
    this.delimited = wanted;
    return new DataLink("tabular", this);
  }
}

export function outputFileDataset(name: string): OutputFileDataset {
  return new OutputFileDataset(name, captureLocation());
}

export function isOutputFileDataset(value: unknown): value is OutputFileDataset {
  return value instanceof OutputFileDataset;
}
