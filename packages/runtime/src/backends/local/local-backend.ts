import { join } from "node:path";
import { saveRunGraph } from "../../runs/run-graph.ts";
import { flattenPlan } from "@sluice/compiler";
import { availableParallelism } from "node:os";
import { newRunId, RunStore } from "../../runs/run-store.ts";
import type { RunRecord, StepRecord } from "../../runs/run-record.ts";
import type { Backend, RunOptions } from "../backend.ts";
import type { RunSpec } from "../run-spec.ts";
import { DataCache, resolveDataInputs } from "./data-inputs.ts";
import { registerDataOutputs } from "./data-registry.ts";
import { localNodes, type LocalNode, valueOutputsOf } from "./local-nodes.ts";
import { LocalControl } from "./control-flow.ts";
import { runtimeOf } from "./node-runtimes.ts";
import type { LocalPaths } from "./local-paths.ts";
import { resolveParams } from "../params.ts";
import { Planner, type StepDecision } from "./planning.ts";
import { preflight } from "./preflight.ts";
import { type Interpreter, PythonFinder } from "../../python/find-python.ts";
import { RunContext } from "./run-context.ts";
import { runSummary } from "./run-summary.ts";
import { Scheduler } from "./scheduler.ts";
import { StepCache } from "./step-cache.ts";

/** This backend runs nodes one by one: pipeline components are expanded into their nodes first. */
export function localSpec(spec: RunSpec): RunSpec {
  const plan = flattenPlan(spec.plan);
  return plan === spec.plan ? spec : { ...spec, plan };
}

/** The nodes to run and the control flow over them: `ifElse` blocks wait for their condition; loops a local run cannot repeat are refused first. */
export function runnableNodes(spec: RunSpec): { nodes: LocalNode[]; control: LocalControl } {
  const plain = localNodes(spec);
  const control = new LocalControl(spec.plan, plain);
  const refused = control.refusal(plain);
  if (refused) throw refused;
  return { nodes: control.withGates(plain), control };
}

export interface PreparedRun {
  runId: string;
  /** The Python each node runs with; its version and the versions of what it imports are in its fingerprint. */
  interpreters: Map<string, Interpreter>;
  nodes: LocalNode[];
  decisions: StepDecision[];
  params: Map<string, string>;
  data: Awaited<ReturnType<typeof resolveDataInputs>>;
  cache: StepCache;
  /** Decides again, from the bytes written, for the steps below one that runs. */
  planner: Planner;
  /** The control flow over the nodes (which `ifElse` block a step is in, which loop repeats it). */
  control: LocalControl;
}

/** Resolves inputs and decides every step, without running anything (also what `sluice plan` shows). */
/** What each node kind keeps once a node's facts are decided (a sweep: what its trials share), for the run's context. */
function trialBases(decisions: readonly StepDecision[]): Map<string, string> {
  const ctx = { trialBases: new Map<string, string>() };
  for (const d of decisions) runtimeOf(d.node).decided?.(ctx, d.node, d.facts);
  return ctx.trialBases;
}

export async function prepareLocalRun(given: RunSpec, paths: LocalPaths, options: { offline?: boolean; nodes?: LocalNode[] } = {}): Promise<PreparedRun> {
  const spec = localSpec(given);
  const runId = newRunId();
  const runnable = runnableNodes(spec);
  const nodes = options.nodes ?? runnable.nodes;
  // Probed once and kept in the cache while nothing is installed: an unchanged run starts no Python.
  const interpreters = preflight(nodes, spec.baseDir, new PythonFinder(process.env, paths.cacheDir, { readOnly: options.offline === true }));
  const cache = new StepCache(paths.cacheDir);
  const params = resolveParams(spec.plan, spec.params);
  const data = await resolveDataInputs(spec, new DataCache(paths.cacheDir), { ...options, registryDir: paths.registryDir });
  const ctx = { params, data, interpreters, outputs: new Map(), runNonce: runId, ...(spec.force ? { forceNonce: runId } : {}) };
  const planner = new Planner(ctx, cache, spec.plan.pipeline.name, spec.force);
  const decisions = planner.decideAll(nodes);
  return { runId, interpreters, nodes, decisions, params, data, cache, planner, control: runnable.control };
}

/** The embedded default backend: runs the compiled spec on this machine. */
export class LocalBackend implements Backend {
  readonly name = "local" as const;
  private readonly paths: LocalPaths;

  constructor(paths: LocalPaths) {
    this.paths = paths;
  }

  async run(given: RunSpec, options: RunOptions): Promise<RunRecord> {
    const spec = localSpec(given);
    const { nodes, control } = runnableNodes(spec);
    const prepared = await prepareLocalRun(spec, this.paths, { nodes });
    const interpreters = prepared.interpreters;
    prepared.cache.sweep();
    const store = new RunStore(this.paths.stateDir);
    const run: RunRecord = {
      id: prepared.runId,
      pipeline: spec.plan.pipeline.name,
      backend: "local",
      status: "running",
      startedAt: new Date().toISOString(),
      finishedAt: null,
      pid: process.pid,
      pipelineFile: options.pipelineFile,
      params: Object.fromEntries(prepared.params),
      steps: [
        ...prepared.decisions.map(
          (d): StepRecord => ({
            name: d.node.name,
            node: d.node.key,
            status: "queued",
            reused: false,
            durationMs: null,
            // A step below one that runs gets its fingerprint when the outputs it reads exist.
            ...(d.settled ? { fingerprint: d.fingerprint } : {}),
          }),
        ),
        // Control-flow nodes run nothing themselves; their records say what they decided.
        ...control.nodes.map((c) => ({ name: c.step, node: c.key, status: "queued" as const, reused: false, durationMs: null, control: true })),
      ],
      outputs: Object.fromEntries(Object.entries(spec.plan.outputs).map(([n, o]) => [n, { node: o.node, output: o.output, type: o.type }])),
    };
    const runDir = store.create(run);
    saveRunGraph(runDir, spec.plan);
    const ctx = new RunContext({
      runId: run.id,
      runDir,
      pipeline: run.pipeline,
      baseDir: spec.baseDir,
      registryDir: this.paths.registryDir,
      endpointsDir: join(this.paths.stateDir, "endpoints"),
      params: prepared.params,
      data: prepared.data,
      interpreters,
      signal: options.signal,
      trialBases: trialBases(prepared.decisions),
      cacheDir: this.paths.cacheDir,
    });
    for (const n of nodes) if ("component" in n) for (const o of valueOutputsOf(n.component)) ctx.valueOutputs.add(`${n.key}/${o}`);
    for (const n of nodes) if (n.kind === "command") for (const [o, file] of Object.entries(n.fileOutputs ?? {})) ctx.fileOutputs.set(`${n.key}/${o}`, file);
    const started = Date.now();
    options.reporter.event({ type: "run-started", runId: run.id, pipeline: run.pipeline, steps: run.steps.map((s) => ({ name: s.name, node: s.node })) });
    const continueOnStepFailure = spec.plan.pipeline.continueOnStepFailure === true;
    await new Scheduler(
      {
        ctx,
        cache: prepared.cache,
        planner: prepared.planner,
        store,
        reporter: options.reporter,
        run,
        parallelism: options.parallelism || availableParallelism(),
        continueOnStepFailure,
        control,
      },
      prepared.decisions,
    ).runAll();
    run.status = options.signal.aborted
      ? "cancelled"
      : run.steps.some((s) => s.status === "failed" || (s.status === "skipped" && !s.bypassed))
        ? "failed"
        : "completed";
    run.finishedAt = new Date().toISOString();
    store.save(run);
    options.reporter.event({
      type: "run-finished",
      runId: run.id,
      status: run.status,
      durationMs: Date.now() - started,
      summary: [...runSummary(ctx, prepared.nodes, run), ...registerDataOutputs(spec.plan, run, this.paths.registryDir, (n, o) => ctx.outputPath(n, o))],
    });
    return run;
  }
}
