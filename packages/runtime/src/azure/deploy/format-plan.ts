import type { AssetChange, PinnedReference } from "./deploy-types.ts";

const SYMBOL = { create: "+", update: "~", unchanged: "=", wait: "…" } as const;
const PAST = { create: "created", update: "updated", unchanged: "unchanged", wait: "waiting" } as const;

function label(c: AssetChange): string {
  const version = c.version ? `:${c.version.length > 16 ? `${c.version.slice(0, 13)}…` : c.version}` : "";
  return `${c.kind.padEnd(11)} ${SYMBOL[c.action]} ${c.name.length > 40 ? `${c.name.slice(0, 37)}…` : c.name}${version}`;
}

/** The plan as reviewers read it: one line per asset, schedule diffs indented under them. */
export function formatDeployPlan(title: string, changes: AssetChange[], pinned: PinnedReference[], notes: string[]): string {
  const lines = [title];
  for (const c of changes) {
    const listed = (c.kind === "schedule" || c.kind === "endpoint" || c.kind === "deployment") && c.action === "update";
    const detail = listed ? [] : (c.detail ?? []);
    lines.push(`  ${label(c)}${detail.length ? `  (${detail.join("; ")})` : ""}`);
    if (listed) for (const d of c.detail ?? []) lines.push(`      ${d}`);
  }
  for (const p of pinned) lines.push(`  pinned: ${p.what}@${p.from} → ${p.to}`);
  for (const n of notes) lines.push(`  note: ${n}`);
  const count = (a: AssetChange["action"]) => changes.filter((c) => c.action === a).length;
  const bytes = changes.reduce((n, c) => n + (c.action === "unchanged" ? 0 : (c.bytes ?? 0)), 0);
  const waiting = count("wait") ? `, ${count("wait")} waiting` : "";
  lines.push(`plan: ${count("create")} to create, ${count("update")} to update, ${count("unchanged")} unchanged${waiting}; ${bytes} bytes to upload`);
  return `${lines.join("\n")}\n`;
}

/** `--json`: per asset and schedule, what was done and the bytes uploaded. */
export function changesJson(changes: AssetChange[]): Array<Record<string, unknown>> {
  return changes.map((c) => ({
    kind: c.kind,
    name: c.name,
    ...(c.version ? { version: c.version } : {}),
    result: PAST[c.action],
    ...(c.kind === "code" || c.kind === "data" ? { bytesUploaded: c.bytes ?? 0 } : {}),
    ...(c.detail && c.kind !== "code" && c.kind !== "data" && c.kind !== "environment" && c.kind !== "component" ? { detail: c.detail } : {}),
  }));
}
