import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import PQueue from "p-queue";
import { moveDir } from "../../fs/move-dir.ts";
import type { Reporter } from "../../progress/events.ts";
import type { RunRecord, StepRecord } from "../../runs/run-record.ts";
import type { RunStore } from "../../runs/run-store.ts";
import { executeStep, type StepOutcome } from "./execute-step.ts";
import { checkOutputs } from "./output-check.ts";
import { keepSweepSummary } from "./sweep-progress.ts";
import { runtimeOf } from "./node-runtimes.ts";
import { buildManifest, outputDigests } from "./cache-manifest.ts";
import type { Planner, StepDecision } from "./planning.ts";
import type { RunContext } from "./run-context.ts";
import type { CacheEntry, StepCache } from "./step-cache.ts";
import { ensureDir } from "../../fs/atomic-write.ts";
import type { LocalControl } from "./control-flow.ts";
import { ControlRounds, type SchedulerOps } from "./control-rounds.ts";

type Finish = Omit<StepOutcome, "status"> & { status: StepOutcome["status"] | "skipped" };

interface SchedulerDeps {
  /** The plan's control-flow nodes, when it has any. */
  control?: LocalControl;
  ctx: RunContext;
  cache: StepCache;
  planner: Planner;
  store: RunStore;
  reporter: Reporter;
  run: RunRecord;
  parallelism: number;
  continueOnStepFailure: boolean;
}

/** Runs decided steps as their inputs become ready, at most `parallelism` at once. */
export class Scheduler {
  private readonly d: SchedulerDeps;
  private readonly queue: PQueue;
  private readonly records = new Map<string, StepRecord>();
  private readonly decisions: Map<string, StepDecision>;
  private stoppedBy: string | undefined;
  private readonly rounds: ControlRounds | undefined;

  constructor(deps: SchedulerDeps, decisions: StepDecision[]) {
    this.d = deps;
    this.queue = new PQueue({ concurrency: deps.parallelism });
    this.decisions = new Map(decisions.map((x) => [x.node.key, x]));
    for (const step of deps.run.steps) this.records.set(step.node, step);
    this.rounds = deps.control && new ControlRounds(deps.control, this.ops());
  }

  /** What control-flow rounds use of the scheduler. */
  private ops(): SchedulerOps {
    return {
      ctx: this.d.ctx,
      planner: this.d.planner,
      run: this.d.run,
      record: (key) => this.records.get(key),
      decision: (key) => this.decisions.get(key),
      addDecision: (decision, record) => {
        this.decisions.set(decision.node.key, decision);
        this.records.set(record.node, record);
        this.save();
      },
      start: (decision) => this.start(decision),
      finish: (record, outcome) => this.finish(record, outcome),
      skipDownstream: (key, name, bypassed) => this.skipDownstream(key, name, bypassed),
      release: (key) => this.release(key),
      failed: (name) => {
        if (!this.d.continueOnStepFailure) this.stoppedBy ??= name;
      },
    };
  }

  async runAll(): Promise<void> {
    for (const decision of this.decisions.values()) if (decision.node.dependsOn.length === 0) this.start(decision);
    await this.queue.onIdle();
    // Nothing runs once the queue is idle: a record still waiting (or a loop still "running"
    // because its remaining rounds never started after a failure) ends here.
    for (const record of this.records.values()) {
      if (record.status !== "queued" && record.status !== "running") continue;
      if (this.d.ctx.signal.aborted) this.finish(record, { status: "cancelled", reason: "run cancelled" });
      else this.finish(record, { status: "skipped", reason: this.stoppedBy ? `pipeline stopped after '${this.stoppedBy}' failed` : "not reached" });
    }
  }

  private start(decision: StepDecision): void {
    void this.queue.add(async () => {
      const record = this.records.get(decision.node.key) as StepRecord;
      if (record.status !== "queued") return;
      if (this.d.ctx.signal.aborted || this.stoppedBy) return;
      if (this.rounds && (!this.rounds.passesGate(decision.node, record) || this.rounds.fanOut(decision.node, record))) return;
      const ready = decision.settled ? decision : this.redecide(this.decisions.get(decision.node.key) ?? decision, record);
      const outcome = ready.action === "reuse" ? this.reuse(ready, record) : await this.execute(ready, record);
      this.afterStep(ready, outcome);
    });
  }

  /** Early cut-off: the outputs this step reads exist now, so their bytes decide whether it runs. */
  private redecide(planned: StepDecision, record: StepRecord): StepDecision {
    const decision = this.d.planner.decide(planned.node);
    this.decisions.set(decision.node.key, decision);
    record.fingerprint = decision.fingerprint;
    runtimeOf(decision.node).decided?.(this.d.ctx, decision.node, decision.facts);
    return decision;
  }

  private reuse(decision: StepDecision, record: StepRecord): StepOutcome {
    this.linkOutputs(decision, decision.entry as CacheEntry);
    const node = decision.node;
    runtimeOf(node).record?.(record, (decision.entry as CacheEntry).dir, true);
    record.reused = true;
    record.reusedFrom = (decision.entry as CacheEntry).runId;
    const warnings = runtimeOf(node).warnings(Object.fromEntries(node.outputs.map((o) => [o, this.d.ctx.outputPath(node.key, o)])));
    return { status: "completed", reason: decision.reason, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  private async execute(decision: StepDecision, record: StepRecord): Promise<StepOutcome> {
    const { ctx, cache } = this.d;
    const node = decision.node;
    record.status = "running";
    this.save();
    this.d.reporter.event({ type: "step-started", step: node.name });
    const outputs = Object.fromEntries(node.outputs.map((o) => [o, ctx.outputPath(node.key, o)]));
    const started = Date.now();
    const runtime = runtimeOf(node);
    const watching = runtime.watch?.(ctx, node, this.d.reporter);
    const outcome = await executeStep(ctx, node, outputs).finally(() => watching?.stop());
    record.durationMs = Date.now() - started;
    runtime.record?.(record, ctx.stepDir(node.key), false);
    runtime.ran?.(ctx, node);
    if (outcome.status !== "completed") return outcome;
    const stderrFile = join(ctx.stepDir(node.key), "stderr.log");
    const checked = checkOutputs(
      node,
      outputs,
      [...this.decisions.values()].map((d) => d.node),
      stderrFile,
    );
    if (checked.failure) return { status: "failed", reason: checked.failure, logFile: stderrFile };
    const engine = runtime.warnings(outputs);
    const entry = decision.facts.nonce ? undefined : this.cacheOutputs(decision, record.durationMs);
    const manifest = entry?.manifest ?? buildManifest(ctx.stepDir(node.key), ["outputs"]);
    this.d.planner.settle(node, outputDigests(manifest, node.outputs), true);
    cache.remember(ctx.pipeline, node.key, decision.fingerprint, decision.facts);
    const warnings = [...engine, ...checked.warnings];
    return { ...outcome, reason: decision.reason, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  /**
   * A completed step's outputs move into a staged cache entry, which becomes visible in one
   * rename; the run folder then links to it. A failed step's outputs stay in the run folder.
   */
  private cacheOutputs(decision: StepDecision, durationMs: number): CacheEntry {
    const { ctx, cache } = this.d;
    const staging = cache.stage();
    for (const output of decision.node.outputs) moveDir(ctx.outputPath(decision.node.key, output), staging.outputDir(output));
    keepSweepSummary(ctx.stepDir(decision.node.key), staging.dir);
    const entry = cache.commit(staging, {
      fingerprint: decision.fingerprint,
      pipeline: ctx.pipeline,
      node: decision.node.key,
      runId: ctx.runId,
      durationMs,
      facts: decision.facts,
    });
    this.linkOutputs(decision, entry);
    return entry;
  }

  private afterStep(decision: StepDecision, outcome: StepOutcome): void {
    const record = this.records.get(decision.node.key) as StepRecord;
    this.finish(record, outcome);
    if (outcome.status === "failed" && !this.d.continueOnStepFailure) this.stoppedBy ??= decision.node.name;
    if (this.rounds?.afterStep(decision.node, outcome)) return;
    if (outcome.status !== "completed") {
      this.skipDownstream(decision.node.key, decision.node.name);
      return;
    }
    this.release(decision.node.key);
  }

  /** Starts the steps waiting on `key` whose inputs are all there (a loop body's only once its loop has ended). */
  private release(key: string): void {
    const done = (dep: string) => this.records.get(dep)?.status === "completed" && !this.rounds?.isOpen(dep);
    for (const next of this.decisions.values()) {
      if (!next.node.dependsOn.includes(key)) continue;
      if (next.node.dependsOn.every(done)) this.start(next.settled ? { ...next, settled: !this.rounds?.isLoopBody(key) } : next);
    }
  }

  /** Steps below one that did not complete never start: skipped (not a failure when `bypassed`: an ifElse took the other way), or cancelled with the run. */
  private skipDownstream(key: string, failedName: string, bypassed = false): void {
    const cancelled = this.d.ctx.signal.aborted;
    for (const next of this.decisions.values()) {
      const record = this.records.get(next.node.key) as StepRecord;
      if (!next.node.dependsOn.includes(key) || record.status !== "queued") continue;
      if (bypassed && !cancelled) record.bypassed = true;
      this.finish(
        record,
        cancelled
          ? { status: "cancelled", reason: "run cancelled" }
          : {
              status: "skipped",
              reason: bypassed ? `upstream '${failedName}' did not run (the other ifElse block)` : `upstream '${failedName}' did not complete`,
            },
      );
      this.skipDownstream(next.node.key, failedName, bypassed);
    }
  }

  private finish(record: StepRecord, outcome: Finish): void {
    record.status = outcome.status;
    if (outcome.exitCode !== undefined) record.exitCode = outcome.exitCode;
    if (outcome.reason !== undefined) record.reason = outcome.reason;
    if (outcome.warnings?.length) record.warnings = outcome.warnings;
    this.save();
    this.d.reporter.event({
      type: "step-finished",
      step: record.name,
      status: record.status,
      reused: record.reused,
      durationMs: record.durationMs,
      ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
      ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
      ...(outcome.stderrTail ? { stderrTail: outcome.stderrTail } : {}),
      ...(outcome.logFile ? { logFile: outcome.logFile } : {}),
      ...(outcome.warnings ? { warnings: outcome.warnings } : {}),
    });
  }

  private linkOutputs(decision: StepDecision, entry: CacheEntry): void {
    const dir = join(this.d.ctx.stepDir(decision.node.key), "outputs");
    ensureDir(dir);
    for (const output of decision.node.outputs) {
      const link = this.d.ctx.outputPath(decision.node.key, output);
      rmSync(link, { recursive: true, force: true });
      symlinkSync(join(entry.dir, "outputs", output), link, "dir");
    }
  }

  private save(): void {
    this.d.store.save(this.d.run);
  }
}
