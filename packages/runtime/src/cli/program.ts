import { Command, CommanderError, InvalidArgumentError } from "commander";
import { installLastResort, reportFailure, reportFailuresAsJson } from "../errors/report-failure.ts";
import type { ExitCode } from "./exit-codes.ts";
import { useOneLineUsageErrors } from "./usage-errors.ts";
import { sluiceVersion } from "./version.ts";

/** Commander argument parser: a whole number ≥ `min` (flag values are checked before any work starts). */
function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}.`);
    return Number(value);
  };
}

/** Thin by design: parse flags, call one command module (loaded lazily to keep start-up fast). */
function buildProgram(run: (action: () => Promise<ExitCode>) => Promise<void>): Command {
  const program = new Command("sluice")
    .description("Typed Azure ML pipelines: check, compile, run locally, deploy to Azure ML.")
    .version(sluiceVersion(), "-V, --version", "print the Sluice version")
    .exitOverride();
  program
    .command("init [dir]")
    .description("scaffold a pipeline project (package.json scripts, a pipeline, a script, sample data, config, CI) that runs offline")
    .option("--name <name>", "project and pipeline name (default: the folder's name)")
    .option("--force", "overwrite files Sluice would write that already exist")
    .option("--vendor <dir>", "copy the Sluice tarballs in <dir> into vendor/sluice/ and install them from there (file: specs a clean clone can install)")
    .action((dir: string | undefined, opts) => run(async () => (await import("./commands/init-command.ts")).initCommand(dir ?? ".", opts)));
  program
    .command("import <pipeline.yml>")
    .description("convert a CLI v2 pipeline YAML (and the component YAMLs it names) into a Sluice pipeline file")
    .option("-o, --out <file>", "the pipeline file to write (default: <yaml name>.pipeline.ts beside the YAML)")
    .option("--force", "overwrite the file if it exists")
    .action((file: string, opts) => run(async () => (await import("./commands/import-command.ts")).importCommand(file, opts)));
  program
    .command("types [folder]")
    .description("write TypeScript types for the component YAML files pipelines load with loadComponent (sluice-components.d.ts)")
    .action((folder: string | undefined) => run(async () => (await import("./commands/types-command.ts")).typesCommand(folder ?? ".")));
  program
    .command("compile <target>")
    .description("compile a pipeline file, or every *.pipeline.ts under a folder, into Azure ML job specs")
    .requiredOption("-o, --out <dir>", "output folder for <name>.job.json, <name>.pipeline.yml, <name>.plan.json")
    .action((target: string, opts: { out: string }) => run(async () => (await import("./commands/compile-command.ts")).compileCommand(target, opts)));
  program
    .command("check <target>")
    .description("type-check a pipeline file and run every graph check, writing nothing")
    .option("--no-types", "skip the TypeScript type-check")
    .option("--json", "print the verdict and every diagnostic as one JSON document")
    .action((target: string, opts: { types: boolean; json?: boolean }) =>
      run(async () => (await import("./commands/check-command.ts")).checkCommand(target, opts)),
    );
  program
    .command("graph <file>")
    .description("draw the pipeline's DAG")
    .option("-f, --format <format>", "mermaid or dot", "mermaid")
    .action((file: string, opts: { format: string }) => run(async () => (await import("./commands/graph-command.ts")).graphCommand(file, opts)));
  const collect = (value: string, previous: string[]) => [...previous, value];
  const runOptions = (cmd: Command) =>
    cmd
      .option("--param <name=value>", "set a pipeline parameter (repeatable)", collect, [])
      .option("--input <name=path>", "use a local file or folder for a data input (repeatable)", collect, [])
      .option("--force", "rerun every step (no reuse)");
  const workspaceOptions = (cmd: Command) =>
    cmd
      .option("--workspace <name>", "Azure ML workspace (else AZUREML_WORKSPACE_NAME, else config.json / .azureml/config.json)")
      .option("--subscription <id>", "Azure subscription (else AZURE_SUBSCRIPTION_ID)")
      .option("--resource-group <name>", "resource group (else AZURE_RESOURCE_GROUP)");
  workspaceOptions(runOptions(program.command("run <file>").description("run a pipeline: on Azure when a workspace is configured, else on this machine")))
    .option("--local", "run on this machine even when a workspace is configured")
    .option("--json", "print machine-readable events, one JSON object per line")
    .option("--parallel <n>", "steps running at once (default: number of cores)", wholeNumber(1))
    .action((file: string, opts) => run(async () => (await import("./commands/run-command.ts")).runCommand(file, opts)));
  workspaceOptions(
    runOptions(program.command("deploy <file>").description("deploy code, environments, components and schedules to Azure ML after showing the plan")),
  )
    .option("--dry-run", "print the plan and stop (changes nothing; without a workspace, the local plan)")
    .option("--no-types", "skip the TypeScript type-check that runs first")
    .option("-y, --yes", "apply without asking (CI)")
    .option("--json", "report per asset and schedule: created / updated / unchanged, bytes uploaded")
    .option("--run-now", "also submit a run now and follow it (schedules never start one by themselves)")
    .option("--download <dir>", "after a completed --run-now run, download its pipeline outputs into <dir>")
    .action((file: string, opts) => run(async () => (await import("./commands/deploy-command.ts")).deployCommand(file, opts)));
  program
    .command("cancel <run>")
    .description("cancel a run (an Azure job, or a local run in progress); <run> is an id, a unique prefix of one, or latest")
    .action((runId: string) => run(async () => (await import("./commands/cancel-command.ts")).cancelCommand(runId)));
  workspaceOptions(
    program.command("schedule <action> [name]").description("retraining schedules in the workspace: list | enable <name> | disable <name> | delete <name>"),
  )
    .option("--json", "print JSON (list)")
    .action((action: string, name: string | undefined, opts) =>
      run(async () => (await import("./commands/schedule-command.ts")).scheduleCommand(action, name, opts)),
    );
  runOptions(program.command("plan <file>").description("say, offline, which steps the next run reuses and why the others run"))
    .option("--json", "print the decisions as JSON")
    .action((file: string, opts) => run(async () => (await import("./commands/plan-command.ts")).planCommand(file, opts)));
  program
    .command("runs")
    .description("list the project's runs, newest first")
    .option("--json", "print a JSON array")
    .action((opts: { json?: boolean }) => run(async () => (await import("./commands/runs-command.ts")).runsCommand(opts)));
  program
    .command("outputs <run> [output]")
    .description("list a run's outputs, print one's path, or copy one (or, without [output], all) with --download; <run> is an id, a unique prefix, or latest")
    .option("--download <dir>", "copy the output into <dir>/<output>/")
    .action((runId: string, output: string | undefined, opts: { download?: string }) =>
      run(async () => (await import("./commands/outputs-command.ts")).outputsCommand(runId, output, opts)),
    );
  program
    .command("gc")
    .description("remove old runs and the cache entries no kept run uses (never registered models); prints the bytes freed")
    .option("--keep <n>", "keep the n newest runs of each pipeline (default 10, or 0 with --older-than)", wholeNumber(0))
    .option("--older-than <age>", "remove only runs older than this: 30d, 12h, 90m, 2w")
    .option("--dry-run", "say what would be removed, remove nothing")
    .action((opts) => run(async () => (await import("./commands/gc-command.ts")).gcCommand(opts)));
  program
    .command("cache <action>")
    .description(
      "cache verify: check every byte of the step cache and the sweep trial cache against the manifests stored with them, and remove damaged entries (exit 1 if any)",
    )
    .option("--dry-run", "say which entries are damaged, remove nothing")
    .option("--json", "print the result as JSON")
    .action((action: string, opts) => run(async () => (await import("./commands/cache-command.ts")).cacheCommand(action, opts)));
  program
    .command("logs <run> <step>")
    .description("print a step's log; <run> is an id, a unique prefix of one, or latest")
    .option("--trial <id>", "a sweep trial's log instead (its id as `sluice runs --json` lists it, e.g. trial_3)")
    .action((runId: string, step: string, opts: { trial?: string }) =>
      run(async () => (await import("./commands/logs-command.ts")).logsCommand(runId, step, opts)),
    );
  program
    .command("serve <file>")
    .description("run the pipeline's online endpoint on this machine (Azure's scoring contract, key auth, blue/green) until Ctrl-C")
    .option("--endpoint <name>", "which online endpoint (when the pipeline has several)")
    .option("--port <p>", "port to listen on (default: a free one)", wholeNumber(1))
    .option("--host <address>", "address to bind (default 127.0.0.1, loopback only)")
    .action((file: string, opts) => run(async () => (await import("./commands/serve-command.ts")).serveCommand(file, opts)));
  program
    .command("ui")
    .description(
      "the run page: runs, live step status and logs, AutoML leaderboards, sweep trials, models and endpoints, in the browser (loopback) until Ctrl-C",
    )
    .option("--port <p>", "port to listen on (default: a free one)", wholeNumber(1))
    .option("--host <address>", "address to bind (default 127.0.0.1, loopback only)")
    .action((opts) => run(async () => (await import("./commands/ui-command.ts")).uiCommand(opts)));
  program
    .command("report <run>")
    .description("write one run's page as a self-contained HTML file (no server, no network): for CI artifacts and pull requests")
    .option("--out <file.html>", "where to write it")
    .action((runRef: string, opts) => run(async () => (await import("./commands/ui-command.ts")).reportCommand(runRef, opts)));
  workspaceOptions(program.command("invoke <file>"))
    .option("--local", "the endpoint `sluice serve` runs here (or the batch job here), even when a workspace is configured")
    .description(
      "send one scoring request with the endpoint's key: to the workspace's deployed endpoint, else to the one `sluice serve` runs; or, with --batch, run a batch endpoint's job here",
    )
    .option("--endpoint <name>", "which online endpoint (when the pipeline has several)")
    .option("--data <request.json>", "the request body")
    .option("--deployment <name>", "score on this deployment (the azureml-model-deployment header), whatever the traffic split")
    .option("--batch <input>", "run a batch endpoint's job here over this file or folder (mini-batches in parallel; Ctrl-C cancels)")
    .option("--json", "with --batch: print machine-readable events, one JSON object per line")
    .action((file: string, opts) => run(async () => (await import("./commands/invoke-command.ts")).invokeCommand(file, opts)));
  workspaceOptions(program.command("endpoint <action> <file>"))
    .option("--local", "the keys of the endpoint `sluice serve` runs here, even when a workspace is configured")
    .description("endpoint keys <file> [--endpoint name]: the deployed endpoint's keys (workspace), else the ones `sluice serve` checks")
    .option("--endpoint <name>", "which online endpoint (when the pipeline has several)")
    .option("--json", "print JSON")
    .action((action: string, file: string, opts) => run(async () => (await import("./commands/endpoint-command.ts")).endpointCommand(action, file, opts)));
  workspaceOptions(program.command("models <action> [name] [version]"))
    .description("registered models: models list | models show <name> [version] (local registry, or the workspace's with --azure / --workspace)")
    .option("--json", "print JSON")
    .option("--azure", "the configured workspace's models instead of the local registry")
    .action((action: string, name: string | undefined, version: string | undefined, opts) =>
      run(async () => (await import("./commands/models-command.ts")).modelsCommand(action, name, version, opts)),
    );
  useOneLineUsageErrors(program);
  return program;
}

/** A reader that stops early (`sluice runs | head`) closes the pipe: that ends the command quietly. */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}

/**
 * `sluice help <name>` for a name that is no command is a one-line usage error with a
 * did-you-mean, as `sluice <name>` is; commander's help command would print the whole help.
 */
async function refuseHelpForUnknown(program: Command, argv: string[]): Promise<void> {
  const name = argv[0] === "help" ? argv[1] : undefined;
  if (name === undefined || name.startsWith("-")) return;
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (names.includes(name)) return;
  const { closestName } = await import("../config/closest-name.ts");
  const { SluiceError } = await import("../errors/sluice-error.ts");
  const guess = closestName(name, names);
  throw new SluiceError("usage", `unknown command '${name}'${guess ? `; did you mean ${guess}?` : ""}`, { hint: "sluice --help" });
}

/**
 * Runs the CLI and sets `process.exitCode` from the outcome: the one place errors become exit
 * codes (see exit-codes.ts). A failure Sluice did not foresee is a bug: one line, and the stack
 * only with `SLUICE_DEBUG=1`.
 */
export async function main(argv: string[]): Promise<void> {
  endQuietlyOnClosedPipe();
  installLastResort();
  // Options after `--` belong to a step's own command line, not to Sluice.
  const own = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  reportFailuresAsJson(own.includes("--json"));
  const run = async (action: () => Promise<ExitCode>) => {
    process.exitCode = await action();
  };
  try {
    const program = buildProgram(run);
    await refuseHelpForUnknown(program, argv);
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      process.exitCode = reportFailure(error);
    }
  }
}
