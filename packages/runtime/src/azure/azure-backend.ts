import { flattenPlan, type ExecutionPlan, type PlanNode, type SweepNode } from "@sluice/compiler";
import { randomInt } from "node:crypto";
import type { Backend, RunOptions } from "../backends/backend.ts";
import type { Reporter } from "../progress/events.ts";
import type { RunSpec } from "../backends/run-spec.ts";
import type { RunRecord } from "../runs/run-record.ts";
import { saveRunGraph } from "../runs/run-graph.ts";
import { RunStore } from "../runs/run-store.ts";
import type { AzureWorkspace } from "./arm-client.ts";
import { openBlobStore } from "./blob-store.ts";
import { DataPlane } from "./data-plane.ts";
import { applyDeploy, planDeploy, type DeployPlan } from "./deploy/deployer.ts";
import { resolvedJobProperties } from "./deploy/job-body.ts";
import { modelStepLine, resultFromLog } from "../progress/model-step-result.ts";
import { type ChildRun, followJob, stepLog, stepRuns } from "./follow-run.ts";
import { registerAzureOutputs } from "./output-assets.ts";
import { sweepTrials } from "./sweep-trials.ts";
import { armRequest } from "./raw-arm.ts";

const NAME_CHARS = "bcdfghjklmnpqrstvwxyz0123456789";

/** The nodes running Sluice's built-in register and deploy scripts, whose logs say what they did. */
function builtinNodes(plan: ExecutionPlan): PlanNode[] {
  const code = new Map(plan.components.map((c) => [c.id, c.code]));
  const builtin = new Set(plan.codeSnapshots.filter((c) => c.builtin).map((c) => c.id));
  return plan.nodes.filter((n) => n.kind === "command" && builtin.has(code.get(n.component) ?? ""));
}

/** What each completed register and deploy step did, and why, from its job log (as a local run prints it). */
async function modelStepLines(dp: DataPlane, run: RunRecord, nodes: PlanNode[], children: Map<string, ChildRun>): Promise<string[]> {
  const lines: string[] = [];
  for (const node of nodes) {
    const child = children.get(node.key);
    const step = run.steps.find((s) => s.node === node.key);
    if (!child || step?.status !== "completed" || step.reused) continue;
    const result = resultFromLog(await stepLog(dp, child));
    if (result) lines.push(modelStepLine(node.step, result));
  }
  return lines;
}

/** `<pipeline>_<10 chars>`, the SDK's alphabet for the random part (job names are ARM ids). */
export function newJobName(pipeline: string): string {
  const slug =
    pipeline
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_")
      .slice(0, 40) || "pipeline";
  let tail = "";
  for (let i = 0; i < 10; i++) tail += NAME_CHARS[randomInt(NAME_CHARS.length)];
  return `${slug}_${tail}`;
}

/** Submits the compiled spec to an Azure ML workspace and follows it; assets are deployed first. */
export class AzureBackend implements Backend {
  readonly name = "azure" as const;
  private readonly w: AzureWorkspace;
  private readonly stateDir: string;

  constructor(w: AzureWorkspace, stateDir: string) {
    this.w = w;
    this.stateDir = stateDir;
  }

  async run(spec: RunSpec, options: RunOptions): Promise<RunRecord> {
    const store = await openBlobStore(this.w);
    const plan = await planDeploy(this.w, store, spec, { schedules: false, params: spec.params });
    const changes = await applyDeploy(this.w, store, plan);
    const created = changes.filter((c) => c.action !== "unchanged").length;
    const bytes = changes.reduce((n, c) => n + (c.bytes ?? 0), 0);
    process.stderr.write(`assets: ${created} created, ${changes.length - created} unchanged, ${bytes} bytes uploaded\n`);
    return this.submit(spec, plan, options);
  }

  /** Each sweep step's trials and best, from the sweep node's run and its children. */
  private async recordSweeps(run: RunRecord, plan: ExecutionPlan, dp: DataPlane, children: Map<string, ChildRun>): Promise<void> {
    const sweeps = plan.nodes.filter((n): n is SweepNode => n.kind === "sweep");
    for (const node of sweeps) {
      const child = children.get(node.key);
      const step = run.steps.find((s) => s.node === node.key);
      if (!child || !step) continue;
      Object.assign(step, await sweepTrials(dp, child, node.sweep.objective.goal));
    }
  }

  /** PUT jobs/{name} with the resolved body, record the run locally, follow it to the end. */
  async submit(spec: RunSpec, plan: DeployPlan, options: RunOptions): Promise<RunRecord> {
    const w = this.w;
    const jobName = newJobName(spec.plan.pipeline.name);
    const properties = resolvedJobProperties(spec, w, {
      componentIds: plan.componentIds,
      dataIds: plan.dataIds,
      codeIds: plan.codeIds,
      environmentRefs: plan.environmentRefs,
      params: spec.params,
      force: spec.force,
    });
    await w.call(spec.plan.pipeline.job ? `submit the ${spec.plan.pipeline.job} job` : "submit the pipeline job", () =>
      armRequest(w, "PUT", `jobs/${jobName}`, { properties }),
    );
    const runs = new RunStore(this.stateDir);
    // Followed node by node: a pipeline component's steps are children of its own child run, keyed `outer.inner`.
    const flat = flattenPlan(spec.plan);
    const run: RunRecord = {
      id: jobName,
      pipeline: spec.plan.pipeline.name,
      backend: "azure",
      status: "running",
      startedAt: new Date().toISOString(),
      finishedAt: null,
      pid: process.pid,
      pipelineFile: options.pipelineFile,
      params: spec.params,
      steps: flat.nodes.map((n) => ({ name: n.step, node: n.key, status: "queued", reused: false, durationMs: null })),
      outputs: Object.fromEntries(Object.entries(flat.outputs).map(([n, o]) => [n, { node: o.node, output: o.output, type: o.type }])),
      azure: {
        subscriptionId: w.ref.subscriptionId,
        resourceGroup: w.rg,
        workspaceName: w.ws,
        jobName,
        ...(spec.plan.pipeline.job ? { jobType: spec.plan.pipeline.job } : {}),
      },
    };
    saveRunGraph(runs.create(run), spec.plan);
    const started = Date.now();
    options.reporter.event({ type: "run-started", runId: run.id, pipeline: run.pipeline, steps: run.steps.map((s) => ({ name: s.name, node: s.node })) });
    const dp = new DataPlane(w);
    // The record follows the job step by step, so a run page shows an Azure run live as a local one.
    const reporter: Reporter = {
      event: (e) => {
        options.reporter.event(e);
        // After the follower has set the step's new state (it reports first, then assigns).
        if (e.type === "step-started" || e.type === "step-finished") queueMicrotask(() => runs.save(run));
      },
      close: () => options.reporter.close(),
    };
    run.status = await followJob({ w, dp, jobName, plan: flat, reporter, signal: options.signal, steps: run.steps });
    // The step runs as the job ended, read once for the sweeps' trials and the outputs to register.
    const builtin = builtinNodes(flat);
    const needed = builtin.length > 0 || flat.nodes.some((n) => n.kind === "sweep" || Object.values(n.outputs).some((o) => o.register));
    const children = needed ? await stepRuns(dp, jobName, flat) : new Map<string, ChildRun>();
    await this.recordSweeps(run, flat, dp, children);
    const registered = await registerAzureOutputs(w, flat, run, children);
    run.finishedAt = new Date().toISOString();
    runs.save(run);
    const reused = run.steps.filter((s) => s.reused).length;
    const summary = [
      `workspace ${w.ws}, job ${jobName}${reused ? `; ${reused} step(s) reused by Azure` : ""}`,
      `outputs: sluice outputs ${jobName}`,
      ...(await modelStepLines(dp, run, builtin, children)),
      ...registered,
    ];
    options.reporter.event({ type: "run-finished", runId: run.id, status: run.status, durationMs: Date.now() - started, summary });
    return run;
  }
}
