import { sha256, stableStringify } from "@sluice/compiler";
import type { LocalNode } from "./local-nodes.ts";

/**
 * Everything a step's result depends on, location-free: component content, literal and parameter
 * values, data content hashes and the content digests of the upstream outputs it reads. The fingerprint hashes these facts; the
 * facts themselves are kept so a later run can name the first difference.
 */
export interface StepFacts {
  /** The node's kind, as its runtime names it in facts (a sweep says `command`: see code-node.ts). */
  kind: LocalNode["kind"];
  command?: string;
  environment?: string;
  /** Variables set for the command: a different value can change the result. */
  environmentVariables?: Record<string, string>;
  code?: { sha256: string; path: string; files: Array<{ path: string; sha256: string }> };
  settings?: Record<string, unknown>;
  /** A sweep's search space, sampling, objective, limits and policy (and its engine's code). */
  sweep?: Record<string, unknown>;
  literals: Record<string, { value: string; parameter?: string }>;
  data: Record<string, { input: string; sha256: string }>;
  upstream: Record<string, { node: string; step: string; output: string; sha256: string }>;
  outputs: string[];
  /** The interpreter's version and the distributions providing what the step imports (upgrades rerun it). */
  python?: { version: string; packages: Record<string, string> };
  /** Set when reuse is disabled, so the step (and everything downstream) always runs. */
  nonce?: string;
}

export function fingerprintOf(facts: StepFacts): string {
  const { code, ...rest } = facts;
  return sha256(stableStringify({ ...rest, code: code?.sha256 ?? null }));
}

function changedFile(prev: NonNullable<StepFacts["code"]>, cur: NonNullable<StepFacts["code"]>): string {
  const before = new Map(prev.files.map((f) => [f.path, f.sha256]));
  const after = new Map(cur.files.map((f) => [f.path, f.sha256]));
  const base = cur.path.replace(/^\.\//, "").replace(/^\.$/, "").replace(/\/?$/, "/").replace(/^\/$/, "");
  for (const [path, hash] of after) {
    if (!before.has(path)) return `${base}${path} added`;
    if (before.get(path) !== hash) return `${base}${path} changed`;
  }
  for (const path of before.keys()) if (!after.has(path)) return `${base}${path} removed`;
  return `code in ${cur.path} changed`;
}

function firstKeyDiff<T>(a: Record<string, T>, b: Record<string, T>): string | undefined {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.find((k) => stableStringify(a[k]) !== stableStringify(b[k]));
}

/** Why a step must run again: the first difference between the facts of its last run and now. */
export function explainChange(prev: StepFacts, cur: StepFacts): string {
  if (cur.nonce) return "reuse disabled (allowReuse: false)";
  if (prev.code && cur.code && prev.code.sha256 !== cur.code.sha256) return changedFile(prev.code, cur.code);
  if (prev.command !== cur.command) return "command changed";
  if (prev.environment !== cur.environment) return `environment changed to ${cur.environment}`;
  const variable = firstKeyDiff(prev.environmentVariables ?? {}, cur.environmentVariables ?? {});
  if (variable) return `environment variable ${variable} changed`;
  if (prev.python?.version !== cur.python?.version) return `Python ${prev.python?.version ?? "unknown"} → ${cur.python?.version ?? "unknown"}`;
  const pkg = firstKeyDiff(prev.python?.packages ?? {}, cur.python?.packages ?? {});
  if (pkg) return `Python package for '${pkg}' changed: ${prev.python?.packages[pkg] ?? "none"} → ${cur.python?.packages[pkg] ?? "none"}`;
  const sweep = firstKeyDiff(prev.sweep ?? {}, cur.sweep ?? {});
  if (sweep) return `sweep setting '${sweep}' changed`;
  const setting = firstKeyDiff(prev.settings ?? {}, cur.settings ?? {});
  if (setting) return `AutoML setting '${setting}' changed`;
  const upstream = firstKeyDiff(prev.upstream, cur.upstream);
  if (upstream) return `upstream ${cur.upstream[upstream]?.step ?? prev.upstream[upstream]?.step} output changed`;
  const data = firstKeyDiff(prev.data, cur.data);
  if (data) return `input ${cur.data[data]?.input ?? data} content changed`;
  const literal = firstKeyDiff(prev.literals, cur.literals);
  if (literal) {
    const param = cur.literals[literal]?.parameter;
    return param ? `parameter ${param} changed` : `input ${literal} changed`;
  }
  return "outputs changed";
}

/** What a sweep's trials share: the step's facts without its sweep settings, so more trials reuse the ones run before. */
export function trialBaseOf(facts: StepFacts): string {
  const { sweep: _, nonce: __, ...rest } = facts;
  return fingerprintOf({ ...rest });
}
