import { emitScheduleBody, type ScheduleSpec } from "@sluice/compiler";
import type { AzureWorkspace } from "../arm-client.ts";
import { armRequest, awaitOperation } from "../raw-arm.ts";
import type { AssetChange } from "./deploy-types.ts";
import { flatten, shorten } from "./json-diff.ts";

export interface SchedulePlan {
  spec: ScheduleSpec;
  body: { properties: Record<string, unknown> };
  change: AssetChange;
}

/** `YYYY-MM-DDThh:mm:ss` now (UTC): the start a schedule gets when none was declared. */
function nowLocal(): string {
  return new Date().toISOString().slice(0, 19);
}

/**
 * What differs between the schedule in the workspace and the one wanted, as `path: old → new`
 * lines; only keys Sluice sends are compared (the service adds its own), and a start time the
 * user never declared is not a difference.
 */
export function scheduleDiff(current: Record<string, unknown>, desired: Record<string, unknown>, declaredStart: boolean): string[] {
  const a = flatten(current, "", new Map());
  const b = flatten(desired, "", new Map());
  const lines: string[] = [];
  for (const [path, want] of b) {
    if (!declaredStart && path === "trigger.startTime") continue;
    const have = a.get(path);
    if (have !== want) lines.push(`${path}: ${have === undefined ? "(none)" : shorten(have)} → ${shorten(want)}`);
  }
  for (const path of a.keys()) {
    const sentByUs = path.startsWith("trigger.") || path.startsWith("action.jobDefinition.jobs.") || path.startsWith("action.jobDefinition.inputs.");
    if (sentByUs && !b.has(path) && !(path === "trigger.startTime" && !declaredStart)) lines.push(`${path}: ${shorten(a.get(path) as string)} → (none)`);
  }
  return lines.sort();
}

/** A schedule as stored (raw JSON: the typed client would drop input `uri`s), or undefined. */
export async function readSchedule(w: AzureWorkspace, name: string): Promise<{ properties: Record<string, unknown> } | undefined> {
  return w.tryGet(
    `read schedule ${name}`,
    async () => JSON.parse((await armRequest(w, "GET", `schedules/${name}`)).bodyAsText ?? "{}") as { properties: Record<string, unknown> },
  );
}

export async function planSchedule(w: AzureWorkspace, spec: ScheduleSpec, jobProperties: Record<string, unknown>): Promise<SchedulePlan> {
  const body = emitScheduleBody(spec, jobProperties) as SchedulePlan["body"];
  const existing = await readSchedule(w, spec.name);
  const trigger = body.properties.trigger as Record<string, unknown>;
  if (!existing) {
    if (!spec.startTime) trigger.startTime = nowLocal();
    return { spec, body, change: { kind: "schedule", name: spec.name, action: "create", detail: [describeTrigger(spec)] } };
  }
  const current = JSON.parse(JSON.stringify(existing.properties)) as Record<string, unknown>;
  if (!spec.startTime) trigger.startTime = (current.trigger as Record<string, unknown> | undefined)?.startTime ?? nowLocal();
  const diff = scheduleDiff(current, body.properties, spec.startTime !== undefined);
  return { spec, body, change: { kind: "schedule", name: spec.name, action: diff.length ? "update" : "unchanged", ...(diff.length ? { detail: diff } : {}) } };
}

/** Creating or updating never runs the pipeline: Azure fires only at trigger times after startTime. */
export async function applySchedule(w: AzureWorkspace, plan: SchedulePlan): Promise<AssetChange> {
  if (plan.change.action !== "unchanged") {
    await w.call(`${plan.change.action} schedule ${plan.spec.name}`, async () =>
      awaitOperation(w, await armRequest(w, "PUT", `schedules/${plan.spec.name}`, plan.body)),
    );
  }
  return plan.change;
}

export function describeTrigger(spec: ScheduleSpec): string {
  const t = spec.trigger;
  const when =
    t.type === "cron"
      ? `cron "${t.expression}"`
      : `every ${t.interval} ${t.frequency.toLowerCase()}(s) at ${t.hours.join(",")}h:${t.minutes.join(",")}m${t.weekDays ? ` on ${t.weekDays.join(",")}` : ""}`;
  return `${when} ${spec.timeZone}${spec.enabled ? "" : " (disabled)"}`;
}
