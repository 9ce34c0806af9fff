// Golden files pin behaviour, not the bytes of the scripts Sluice ships (see withBuiltinTokens).
import { stableStringify } from "@sluice/compiler";

export interface Snapshot {
  builtin: boolean;
  id: string;
  sha256: string;
  bytes: number;
  path: string;
  files: { path: string; sha256: string; size: number }[];
}
export interface Component {
  code?: string;
  id: string;
  name: string;
  version: string;
}

/**
 * The built-in register/deploy scripts ship inside Sluice: their bytes (and so their hashes and
 * the versions of the components that run them) change with any edit, comments included. The
 * golden files pin what the compiler does with them, not their bytes: each digest derived from a
 * built-in script becomes a named token. Behaviour (the hashes are those of the files, and
 * follow their content) is checked by the tests below.
 */
export function withBuiltinTokens(planText: string, text: string): string {
  const plan = JSON.parse(planText) as { codeSnapshots: Snapshot[]; components: Component[] };
  const tokens: [string, string][] = [];
  for (const snap of plan.codeSnapshots.filter((s) => s.builtin)) {
    tokens.push([snap.sha256, "<builtin-sha256>"], [snap.id, "<builtin-code-id>"]);
    for (const f of snap.files) tokens.push([f.sha256, `<builtin-sha256:${f.path}>`]);
    for (const c of plan.components.filter((c) => c.code === snap.id)) tokens.push([c.version, `<builtin-version:${c.name}>`]);
  }
  const tokenized = tokens.reduce((t, [from, to]) => t.replaceAll(from, to), text);
  return text === planText ? planWithBuiltinTokens(tokenized) : tokenized;
}

/** A built-in snapshot's sizes are its bytes too; snapshots are listed by path (the plan lists them by digest). */
function planWithBuiltinTokens(text: string): string {
  const plan = JSON.parse(text) as { codeSnapshots: (Omit<Snapshot, "bytes" | "files"> & { bytes: number | string; files: { size: number | string }[] })[] };
  for (const snap of plan.codeSnapshots.filter((s) => s.builtin)) {
    snap.bytes = "<bytes>";
    for (const f of snap.files) f.size = "<size>";
  }
  plan.codeSnapshots.sort((a, b) => a.path.localeCompare(b.path));
  return `${stableStringify(plan, 2)}\n`;
}
