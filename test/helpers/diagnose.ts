// Loads and checks pipeline files in one real Node process (type stripping, exact positions) and
// prints { file: formatted diagnostics } as JSON. Used by the corpus test; paths print relative
// to the current directory, as the CLI does.
import { compilePipeline, formatDiagnostics, type Diagnostic } from "@sluice/compiler";
import { loadPipelines } from "@sluice/runtime";

const results: Record<string, string> = {};
for (const file of process.argv.slice(2)) {
  const loaded = await loadPipelines(file);
  const all: Diagnostic[] = [...loaded.diagnostics];
  for (const { ir } of loaded.pipelines) all.push(...compilePipeline(ir).diagnostics);
  results[file] = `${formatDiagnostics(all, process.cwd())}\n`;
}
process.stdout.write(JSON.stringify(results));
