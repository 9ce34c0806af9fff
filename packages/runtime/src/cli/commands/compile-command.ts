import { join, resolve } from "node:path";
import { isFile } from "../../fs/is-file.ts";
import {
  emitRestJob,
  endpointRequests,
  PLACEHOLDER_REFS,
  planJson,
  restJobJson,
  scheduleJson,
  scheduleSpecs,
  stableStringify,
  type Diagnostic,
} from "@sluice/compiler";
import { emitCliYaml, emitCliYamlComponents, emitEndpointYamls, emitScheduleYaml } from "@sluice/compiler/yaml";
import { compileIR } from "../compile-ir.ts";
import { writeFileAtomic } from "../../fs/atomic-write.ts";
import { assertSegment, safeJoin } from "../../fs/safe-path.ts";
import { findPipelineFiles } from "../../load/find-pipeline-files.ts";
import { loadPipelines } from "../../load/load-pipelines.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { ExitCode } from "../exit-codes.ts";
import { reportDiagnostics, reportSummary } from "../report.ts";
import { counted } from "../../progress/counted.ts";

/** A file directly in `--out`, whatever the names it is built from (they are checked, SL107/SL130, but never trusted). */
function outFile(outDir: string, name: string): string {
  return safeJoin(outDir, assertSegment(name, "output file name"));
}

/** `sluice compile <file|folder> --out <dir>`: writes `<name>.job.json`, `.pipeline.yml`, `.plan.json`. */
export async function compileCommand(target: string, options: { out: string }): Promise<ExitCode> {
  const outDir = resolve(options.out);
  if (isFile(outDir))
    throw new SluiceError("usage", `--out ${options.out} is a file: give a folder`, {
      hint: "compile writes <name>.job.json, .pipeline.yml and .plan.json into it",
    });
  const all: Diagnostic[] = [];
  const written = new Map<string, string>();
  const clashes: string[] = [];
  for (const file of findPipelineFiles(target)) {
    const loaded = await loadPipelines(file);
    all.push(...loaded.diagnostics);
    for (const { ir } of loaded.pipelines) {
      // Only the spec is written: data an example's prepare script makes later may be missing (SL505).
      const result = compileIR(ir, "azure", true);
      all.push(...result.diagnostics);
      if (!result.ok) continue;
      const clash = written.get(ir.name);
      // Kept for the end: the other files' diagnostics are still checked and shown.
      if (clash) {
        clashes.push(`'${ir.name}' (${clash} and ${file})`);
        continue;
      }
      written.set(ir.name, file);
      writeFileAtomic(outFile(outDir, `${ir.name}.job.json`), restJobJson(result.model, outDir));
      writeFileAtomic(outFile(outDir, `${ir.name}.pipeline.yml`), emitCliYaml(result.model, outDir));
      for (const [name, text] of Object.entries(emitCliYamlComponents(result.model, outDir))) writeFileAtomic(outFile(outDir, name), text);
      writeFileAtomic(outFile(outDir, `${ir.name}.plan.json`), planJson(result.model, outDir));
      const job = emitRestJob(result.model, outDir) as { properties: Record<string, unknown> };
      for (const s of scheduleSpecs(result.model)) {
        writeFileAtomic(outFile(outDir, `${ir.name}.${s.name}.schedule.json`), scheduleJson(s, job.properties));
        writeFileAtomic(outFile(outDir, `${ir.name}.${s.name}.schedule.yml`), emitScheduleYaml(s, `${ir.name}.pipeline.yml`));
      }
      const endpoints = result.model.endpoints ?? [];
      // The rollout requests of the pipeline's endpoints, in order, with placeholders for what deploy resolves.
      if (endpoints.length > 0) {
        writeFileAtomic(outFile(outDir, `${ir.name}.endpoints.json`), `${stableStringify(endpointRequests(result.model, PLACEHOLDER_REFS), 2)}\n`);
        for (const y of emitEndpointYamls(result.model, outDir)) writeFileAtomic(outFile(outDir, `${ir.name}.${y.file}`), y.text);
      }
      const subs = result.model.pipelineComponents?.length ?? 0;
      const extra =
        (subs ? ` + ${counted(subs, "pipeline component")}` : "") +
        (result.model.schedules.length ? ` + ${result.model.schedules.length} schedule(s)` : "") +
        (endpoints.length ? ` + ${counted(endpoints.length, "endpoint")}` : "");
      process.stdout.write(
        `compiled ${ir.name}: ${counted(result.model.nodes.length, "step")}${extra} → ${join(options.out, ir.name)}.{job.json,pipeline.yml,plan.json}\n`,
      );
    }
  }
  const failed = reportDiagnostics(all);
  reportSummary(all);
  if (clashes.length > 0)
    throw new SluiceError("pipeline", `two pipelines are named ${clashes.join("; ")}`, { hint: "pipeline names become file names in --out: make them unique" });
  return failed ? 1 : 0;
}
