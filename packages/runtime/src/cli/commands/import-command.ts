import { existsSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { writeFileAtomic } from "../../fs/atomic-write.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import { importPipeline, PASSED } from "../../import/import-pipeline.ts";
import { DROPPED } from "../../import/import-jobs.ts";
import { checkImportTarget } from "../../import/job-yaml.ts";
import type { ExitCode } from "../exit-codes.ts";

export interface ImportFlags {
  out?: string;
  force?: boolean;
}

/**
 * `sluice import <pipeline.yml> [--out file.pipeline.ts]`: a CLI v2 pipeline YAML, with the
 * component YAMLs it names, as a Sluice pipeline file. Anything it cannot express is a located
 * error naming the YAML path; nothing is dropped silently, and nothing is written on an error.
 */
export function importCommand(yamlFile: string, flags: ImportFlags): ExitCode {
  const source = resolve(yamlFile);
  checkImportTarget(yamlFile, source);
  const out = resolve(flags.out ?? join(dirname(source), `${basename(source).replace(/\.ya?ml$/i, "")}.pipeline.ts`));
  if (!out.endsWith(".pipeline.ts"))
    throw new SluiceError("usage", `--out ${flags.out} must end in .pipeline.ts`, { hint: "sluice finds pipeline files by that suffix" });
  if (existsSync(out) && !flags.force)
    throw new SluiceError("usage", `${relative(process.cwd(), out)} already exists`, { hint: "pass --force to overwrite it, or choose another --out" });
  const text = importPipeline(source, out);
  writeFileAtomic(out, text);
  // What the import left out (as the official SDK does) is in the file; the user reads it here too.
  for (const line of text.split("\n")) {
    const note = line.trim();
    if (note.startsWith(DROPPED) || note.startsWith(PASSED)) process.stderr.write(`sluice: note: ${note.slice("// sluice import ".length)}\n`);
  }
  process.stdout.write(
    `imported ${relative(process.cwd(), source) || source} → ${relative(process.cwd(), out)}\n  next: sluice check ${relative(process.cwd(), out)}\n`,
  );
  return 0;
}
