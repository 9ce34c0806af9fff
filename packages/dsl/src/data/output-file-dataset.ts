import { currentPipelineName } from "../core/builder-context.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { enforceOptions } from "../core/builder-context.ts";
import { oneOf, type Shape, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { DelimitedIR } from "../ir/schema.ts";
import { DataLink, ProducedData, type FileData, type TabularData } from "./data-link.ts";

/** How {@link OutputFileDataset.readDelimitedFiles} reads the folder's files as one table (the `MLTable` it describes). */
export interface DelimitedOptions {
  /** Glob of the files, relative to the output folder. Default `./*.csv`. */
  pattern?: string;
  /** Field separator. Default `,`. */
  delimiter?: string;
  /** Which files carry a header row. Default `all_files_same_headers`: every file starts with the same one. */
  header?: "all_files_same_headers" | "no_header" | "from_first_file";
  /** Text encoding of the files. Default `utf8`. */
  encoding?: string;
}

const DELIMITED_OPTIONS: Shape = {
  pattern: { check: text },
  delimiter: { check: text },
  header: { check: oneOf("all_files_same_headers", "no_header", "from_first_file") },
  encoding: { check: text },
};

/**
 * A folder a step writes (Azure's `OutputFileDatasetConfig`), made by {@link outputFileDataset}.
 * Put it in the producing step's `arguments` or `outputs`; consumers read it with `asInput()`
 * or `readDelimitedFiles()`. Passing it as it is to a second step would make that step write it
 * too (SL103).
 */
export class OutputFileDataset extends ProducedData {
  /** Read the folder in a later step, as files (`uri_folder`): the consuming script gets its path. */
  asInput(): FileData {
    return new DataLink("file", this);
  }

  /**
   * Read the folder in a later step as a table (`mltable`), as AutoML requires. The producing
   * step's output then carries an `MLTable` file describing these delimited files, written by
   * Sluice after the script succeeds (unless the script wrote one).
   *
   * @example
   * ```ts
   * autoMLStep({ name: "train", task: "regression", trainingData: prepared.readDelimitedFiles({ delimiter: ";" }), labelColumn: "price" });
   * ```
   */
  readDelimitedFiles(options: DelimitedOptions = {}): TabularData {
    enforceOptions("readDelimitedFiles", options, DELIMITED_OPTIONS, captureLocation());
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

/**
 * A folder a step will write. `name` names the step's output (`${{outputs.<name>}}` on Azure,
 * `<step>.<name>` for `sluice outputs`).
 *
 * @example
 * ```ts
 * const prepped = outputFileDataset("prepped");
 * pythonScriptStep({ name: "prep", sourceDirectory: "./src", script: "prep.py", arguments: ["--out", prepped] });
 * ```
 */
export function outputFileDataset(name: string): OutputFileDataset {
  const definedAt = captureLocation();
  enforceOptions("outputFileDataset", { name }, { name: { check: text, required: true } }, definedAt);
  return new OutputFileDataset(name, definedAt);
}

/** @internal */
export function isOutputFileDataset(value: unknown): value is OutputFileDataset {
  return value instanceof OutputFileDataset;
}
