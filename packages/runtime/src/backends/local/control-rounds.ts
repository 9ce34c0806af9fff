import { type DoWhileNode, MAX_ITERATIONS, type ParallelForNode } from "@sluice/compiler";
import type { StepRecord } from "../../runs/run-record.ts";
import { type Gate, evaluate, gatherRounds, itemInputs, itemsOf, type LocalControl, mappedInputs, relinkOutputs, roundNode } from "./control-flow.ts";
import type { StepOutcome } from "./execute-step.ts";
import { valueOutputsOf, type LocalNode } from "./local-nodes.ts";
import type { Planner, StepDecision } from "./planning.ts";
import type { RunContext } from "./run-context.ts";

/** What the scheduler lends the control-flow rounds: its records, and how it starts, finishes and releases steps. */
export interface SchedulerOps {
  readonly ctx: RunContext;
  readonly planner: Planner;
  readonly run: { steps: StepRecord[] };
  record(key: string): StepRecord | undefined;
  decision(key: string): StepDecision | undefined;
  addDecision(decision: StepDecision, record: StepRecord): void;
  start(decision: StepDecision): void;
  finish(record: StepRecord, outcome: { status: "completed" | "failed" | "skipped" | "cancelled"; reason?: string }): void;
  /** Steps below `key` never start: skipped (not a failure when `bypassed`). */
  skipDownstream(key: string, name: string, bypassed?: boolean): void;
  /** Starts the steps waiting on `key` whose inputs are all there. */
  release(key: string): void;
  failed(name: string): void;
}

interface Fan {
  loop: ParallelForNode;
  body: LocalNode;
  queue: LocalNode[];
  keys: string[];
  running: number;
  failed?: string;
}

/**
 * Runs control flow inside the scheduler: decides `ifElse` gates, adds `doWhile` and
 * `parallelFor` rounds as steps of their own while the run goes on, and ends each loop by
 * giving its readers the last round's outputs (`doWhile`) or every round's (`parallelFor`).
 */
export class ControlRounds {
  private readonly control: LocalControl;
  private readonly s: SchedulerOps;
  /** Round key → what owns it: its parallelFor's key, or its doWhile body's key. */
  private readonly bodyOf = new Map<string, string>();
  private readonly roundsOf = new Map<string, number>();
  private readonly fans = new Map<string, Fan>();
  /** Bodies whose loop still runs: their readers wait. */
  private readonly open = new Set<string>();

  constructor(control: LocalControl, ops: SchedulerOps) {
    this.control = control;
    this.s = ops;
  }

  /** Whether `key` is done for its readers (a loop body only once its loop has ended). */
  isOpen(key: string): boolean {
    return this.open.has(key);
  }

  /** Whether `key` is a `doWhile` body: its readers decide again once the loop ends (they read the last round's outputs). */
  isLoopBody(key: string): boolean {
    return this.control.loopOf(key)?.kind === "do_while";
  }

  /** False when the step must not run: the other block of its `ifElse` was chosen, or the condition could not be read. */
  passesGate(node: LocalNode, record: StepRecord): boolean {
    const gate = this.control.gateOf(node.key);
    if (!gate) return true;
    let value: boolean;
    try {
      value = evaluate(this.s.ctx, gate.condition, `ifElse '${gate.name}'`);
    } catch (error) {
      this.s.finish(record, { status: "failed", reason: (error as Error).message });
      this.s.failed(node.name);
      this.s.skipDownstream(node.key, node.name);
      return false;
    }
    this.decided(gate, value);
    if (value === gate.when) return true;
    record.bypassed = true;
    this.s.finish(record, { status: "skipped", reason: `ifElse '${gate.name}' took the ${value ? "ifTrue" : "ifFalse"} block` });
    this.s.skipDownstream(node.key, node.name, true);
    return false;
  }

  private decided(gate: Gate, value: boolean): void {
    const record = this.s.record(gate.control);
    if (record?.status === "queued")
      this.s.finish(record, { status: "completed", reason: `condition ${value}: ran the ${value ? "ifTrue" : "ifFalse"} block` });
  }

  /** Starts a `parallelFor` body as its rounds instead of itself; false when `node` is no such body. */
  fanOut(node: LocalNode, record: StepRecord): boolean {
    const loop = this.control.loopOf(node.key);
    if (loop?.kind !== "parallel_for") return false;
    let items: Array<Record<string, unknown>>;
    try {
      items = itemsOf(this.s.ctx, loop);
    } catch (error) {
      this.endFan({ loop, body: node, queue: [], keys: [], running: 0, failed: (error as Error).message });
      return true;
    }
    record.status = "running";
    const rounds = items.map((item, i) => roundNode(node, String(i), itemInputs(node, item), []));
    const fan: Fan = { loop, body: node, queue: rounds, keys: rounds.map((r) => r.key), running: 0 };
    this.fans.set(loop.key, fan);
    for (const r of rounds) this.addRound(r, node, loop.key);
    this.open.add(node.key);
    this.pump(fan);
    return true;
  }

  private pump(fan: Fan): void {
    while (!fan.failed && fan.queue.length > 0 && fan.running < (fan.loop.maxConcurrency ?? Number.POSITIVE_INFINITY)) {
      const next = fan.queue.shift() as LocalNode;
      fan.running++;
      this.s.start(this.s.decision(next.key) as StepDecision);
    }
  }

  private addRound(node: LocalNode, body: LocalNode, loop: string): void {
    const ctx = this.s.ctx;
    const python = ctx.interpreters.get(body.key);
    if (python) ctx.interpreters.set(node.key, python);
    if ("component" in body) for (const o of valueOutputsOf(body.component)) ctx.valueOutputs.add(`${node.key}/${o}`);
    if (body.kind === "command") for (const [o, file] of Object.entries(body.fileOutputs ?? {})) ctx.fileOutputs.set(`${node.key}/${o}`, file);
    this.bodyOf.set(node.key, loop);
    const record: StepRecord = { name: node.name, node: node.key, status: "queued", reused: false, durationMs: null };
    this.s.run.steps.push(record);
    this.s.addDecision(this.s.planner.decide(node), record);
  }

  /** After a step finished: true when it was a loop's round (or body) and the loop took it from here. */
  afterStep(node: LocalNode, outcome: StepOutcome): boolean {
    const owner = this.bodyOf.get(node.key);
    const fan = owner === undefined ? undefined : this.fans.get(owner);
    if (fan) {
      fan.running--;
      if (outcome.status !== "completed") fan.failed ??= `round '${node.name}' ${outcome.status === "failed" ? "failed" : "did not complete"}`;
      if (fan.running === 0 && (fan.failed || fan.queue.length === 0)) this.endFan(fan);
      else this.pump(fan);
      return true;
    }
    const loop = this.control.loopOf(owner ?? node.key);
    if (loop?.kind !== "do_while") return false;
    if (outcome.status !== "completed") {
      this.endLoop(loop, node, `round '${node.name}' did not complete`);
      return true;
    }
    this.open.add(loop.body);
    let again: boolean;
    try {
      again = evaluate(this.s.ctx, { kind: "node-output", node: node.key, output: loop.condition }, `doWhile '${loop.step}'`);
    } catch (error) {
      this.endLoop(loop, node, (error as Error).message);
      return true;
    }
    const rounds = this.roundsOf.get(loop.body) ?? 1;
    const limit = loop.maxIterationCount ?? MAX_ITERATIONS;
    if (!again || rounds >= limit)
      this.endLoop(loop, node, undefined, `${rounds} round${rounds === 1 ? "" : "s"}; ${again ? `stopped at the limit of ${limit}` : "condition false"}`);
    else this.nextRound(loop, node, rounds + 1);
    return true;
  }

  private nextRound(loop: DoWhileNode, previous: LocalNode, n: number): void {
    const body = this.s.decision(loop.body)?.node as LocalNode;
    const round = roundNode(body, String(n), mappedInputs(body, loop, previous.key), [previous.key]);
    this.roundsOf.set(loop.body, n);
    this.addRound(round, body, loop.body);
    this.s.start(this.s.decision(round.key) as StepDecision);
  }

  /** The loop is over: its readers get the last round's outputs, or are skipped when it failed. */
  private endLoop(loop: DoWhileNode, last: LocalNode, failure?: string, summary?: string): void {
    this.open.delete(loop.body);
    const record = this.s.record(loop.key);
    const body = this.s.decision(loop.body)?.node as LocalNode;
    if (failure) {
      if (record) this.s.finish(record, { status: "failed", reason: failure });
      this.s.failed(loop.step);
      this.s.skipDownstream(loop.body, body.name);
      return;
    }
    if (last.key !== body.key) {
      relinkOutputs(this.s.ctx, body.key, last.key, body.outputs);
      this.s.planner.settle(body, this.s.planner.digestsOf(last.key) ?? {}, true);
    }
    if (record) this.s.finish(record, { status: "completed", ...(summary ? { reason: summary } : {}) });
    this.s.release(loop.body);
    this.s.release(loop.key);
  }

  private endFan(fan: Fan): void {
    this.open.delete(fan.body.key);
    const loopRecord = this.s.record(fan.loop.key);
    const bodyRecord = this.s.record(fan.body.key);
    if (fan.failed) {
      for (const r of [bodyRecord, loopRecord]) if (r) this.s.finish(r, { status: "failed", reason: fan.failed });
      this.s.failed(fan.loop.step);
      this.s.skipDownstream(fan.loop.key, fan.loop.step);
      this.s.skipDownstream(fan.body.key, fan.body.name);
      return;
    }
    const digests = fan.keys.map((k) => this.s.planner.digestsOf(k) ?? {});
    this.s.planner.settle({ key: fan.loop.key, name: fan.loop.step }, gatherRounds(this.s.ctx, fan.loop, fan.keys, digests), true);
    const reason = `ran as ${fan.keys.length} round${fan.keys.length === 1 ? "" : "s"} of parallelFor '${fan.loop.step}'`;
    for (const r of [bodyRecord, loopRecord]) if (r) this.s.finish(r, { status: "completed", reason });
    this.s.release(fan.body.key);
    this.s.release(fan.loop.key);
  }
}
