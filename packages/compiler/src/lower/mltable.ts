import type { DelimitedIR } from "@sluice/dsl/ir";
import { joinWords } from "./shell-words.ts";

/** The MLTable file describing an output folder of delimited files (what AutoML reads). */
export function mltableYaml(d: DelimitedIR): string {
  return [
    "paths:",
    `- pattern: ${JSON.stringify(d.pattern)}`,
    "transformations:",
    "- read_delimited:",
    `    delimiter: ${JSON.stringify(d.delimiter)}`,
    `    encoding: ${JSON.stringify(d.encoding)}`,
    `    header: ${d.header}`,
    "",
  ].join("\n");
}

const WRITE_IF_ABSENT = 'import os,sys;p=os.path.join(sys.argv[1],"MLTable");os.path.exists(p) or open(p,"w").write(sys.argv[2])';

/**
 * Appended to the producing step's command: once the user's script succeeds, its output folder
 * gets an MLTable file (unless the script wrote one), so `readDelimitedFiles()` needs no code.
 */
export function mltableCommand(output: string, d: DelimitedIR): string {
  return joinWords(["python", "-c", WRITE_IF_ABSENT, `\${{outputs.${output}}}`, mltableYaml(d)]);
}
