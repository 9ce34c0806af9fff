import { Command, CommanderError } from "commander";
import { z } from "zod";
import { CliError, type ExitCode } from "./cli-error.ts";

/** Thin by design: parse flags, call one command module (loaded lazily to keep start-up fast). */
function buildProgram(run: (action: () => Promise<ExitCode>) => Promise<void>): Command {
  const program = new Command("sluice")
    .description("Typed Azure ML pipelines: check, compile, draw.")
    .exitOverride()
    .showHelpAfterError();
  program
    .command("compile <target>")
    .description("compile a pipeline file, or every *.pipeline.ts under a folder, into Azure ML job specs")
    .requiredOption("-o, --out <dir>", "output folder for <name>.job.json, <name>.pipeline.yml, <name>.plan.json")
    .action((target: string, opts: { out: string }) => run(async () => (await import("./commands/compile-command.ts")).compileCommand(target, opts)));
  program
    .command("check <target>")
    .description("type-check a pipeline file and run every graph check, writing nothing")
    .option("--no-types", "skip the TypeScript type-check")
    .action((target: string, opts: { types: boolean }) => run(async () => (await import("./commands/check-command.ts")).checkCommand(target, opts)));
  program
    .command("graph <file>")
    .description("draw the pipeline's DAG")
    .option("-f, --format <format>", "mermaid or dot", "mermaid")
    .action((file: string, opts: { format: string }) => run(async () => (await import("./commands/graph-command.ts")).graphCommand(file, opts)));
  return program;
}

/** Runs the CLI; sets `process.exitCode` (0 ok, 1 pipeline errors, 2 usage errors). */
export async function main(argv: string[]): Promise<void> {
  // One CLI process validates each IR once: zod's compiled parsers cost more than they save.
  z.config({ jitless: true });
  const run = async (action: () => Promise<ExitCode>) => {
    process.exitCode = await action();
  };
  try {
    await buildProgram(run).parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof CliError) {
      process.stderr.write(`sluice: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ""}`);
      process.exitCode = error.exitCode;
    } else {
      throw error;
    }
  }
}

