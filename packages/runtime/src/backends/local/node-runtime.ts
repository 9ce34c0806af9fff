import type { SluiceError } from "../../errors/sluice-error.ts";
import type { Reporter } from "../../progress/events.ts";
import type { ScanRequest } from "../../python/find-python.ts";
import type { StepRecord } from "../../runs/run-record.ts";
import type { StepFacts } from "./fingerprint.ts";
import type { LocalNode } from "./local-nodes.ts";
import type { RunContext } from "./run-context.ts";

/** How a node starts on this machine: its commands (run in order, `&&`), their folder, an outer time limit. */
export interface Launch {
  commands: string[][];
  cwd: string;
  timeoutSeconds?: number;
  /** Variables this launch adds (paths in its step folder), on top of the node's own. */
  env?: Record<string, string>;
}

/**
 * Everything the local runtime does differently per node kind, in one place. The table of them
 * (`NODE_RUNTIMES`, node-runtimes.ts) is mapped over `LocalNode["kind"]`, so a new kind is a
 * type error until it says how it is checked, fingerprinted, launched, watched and recorded;
 * the scheduler, planner and preflight never test a node's kind themselves.
 */
export interface NodeRuntime<N extends LocalNode> {
  /** What the import scan reads to learn the modules the node's own code imports (undefined: no user code). */
  scan(node: N, baseDir: string): ScanRequest | undefined;
  /** The Python modules the node needs, given what its code imports (an engine adds its own). */
  modules(node: N, imported: readonly string[]): string[];
  /** Why this machine cannot run the node, found before any step starts; undefined when it can. */
  refusal(node: N): SluiceError | undefined;
  /** Adds the kind's own facts (command, code, settings) that the node's result depends on. */
  facts(node: N, facts: StepFacts): void;
  /** How the node starts here. Throwing fails the step with the error's message. */
  launch(ctx: RunContext, node: N, stepDir: string, outputs: Record<string, string>): Launch;
  /** Variables its commands see on top of the run's environment. */
  env(node: N): Record<string, string>;
  /** Whether a declared output left empty fails the node (user code can forget to write one; an engine cannot). */
  checksOutputs: boolean;
  /** The node's facts are decided (planned, or re-decided once its inputs exist). */
  decided?(ctx: Pick<RunContext, "trialBases">, node: N, facts: StepFacts): void;
  /** Starts what the user watches while the node runs (a sweep's trials); `stop` when it ends. */
  watch?(ctx: RunContext, node: N, reporter: Reporter): { stop(): void };
  /** After the node ran (whatever its outcome): what it leaves beside its outputs. */
  ran?(ctx: RunContext, node: N): void;
  /** Adds what the node produced to its step record, from its step folder or the reused cache entry. */
  record?(record: StepRecord, dir: string, reused: boolean): void;
  /** Caveats its result came with (thin training data), read from its outputs; reused steps keep them. */
  warnings(outputs: Record<string, string>): string[];
  /** Its line in the end-of-run summary, if it has one. */
  summaryLine(ctx: RunContext, node: N): string | undefined;
}
