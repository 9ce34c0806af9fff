import type { ScheduleIR } from "@sluice/dsl/ir";
import { Scalar, stringify } from "yaml";
import { sortKeys, stableStringify } from "../hash/content-version.ts";
import type { CompiledPipeline } from "../lower/model.ts";

const SCHEDULE_SCHEMA = "https://azuremlschemas.azureedge.net/latest/schedule.schema.json";

/** A schedule as the plan records it: the IR minus its source position. */
export type ScheduleSpec = Omit<ScheduleIR, "definedAt">;

export function scheduleSpecs(model: CompiledPipeline): ScheduleSpec[] {
  return (model.ir.schedules ?? []).map(({ definedAt: _, ...spec }) => spec).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** REST trigger (`CronTrigger` / `RecurrenceTrigger`, api 2022-10-01): enum casing, `T` in times. */
function restTrigger(s: ScheduleSpec): Record<string, unknown> {
  const common = { startTime: s.startTime, endTime: s.endTime, timeZone: s.timeZone };
  if (s.trigger.type === "cron") return { triggerType: "Cron", expression: s.trigger.expression, ...common };
  const t = s.trigger;
  const calendar = t.hours.length > 0 || t.minutes.length > 0 || t.weekDays !== undefined || t.monthDays !== undefined;
  return {
    triggerType: "Recurrence",
    frequency: t.frequency,
    interval: t.interval,
    schedule: calendar ? { hours: t.hours, minutes: t.minutes, weekDays: t.weekDays, monthDays: t.monthDays } : undefined,
    ...common,
  };
}

/**
 * The body of `PUT …/schedules/{name}`: its action creates the pipeline job whose `properties`
 * are given (component ids already resolved by the caller, or placeholders when compiling).
 */
export function emitScheduleBody(s: ScheduleSpec, jobProperties: Record<string, unknown>): Record<string, unknown> {
  return {
    properties: {
      action: { actionType: "CreateJob", jobDefinition: jobProperties },
      description: s.description,
      displayName: s.name,
      isEnabled: s.enabled,
      properties: {},
      tags: s.tags,
      trigger: restTrigger(s),
    },
  };
}

export function scheduleJson(s: ScheduleSpec, jobProperties: Record<string, unknown>): string {
  return `${stableStringify(emitScheduleBody(s, jobProperties), 2)}\n`;
}

/**
 * CLI v2 schedule YAML (`az ml schedule create -f`), creating the job from the pipeline YAML
 * beside it. The schema has no writable `is_enabled`: a disabled schedule is created, then
 * `az ml schedule disable`d.
 */
export function emitScheduleYaml(s: ScheduleSpec, pipelineYamlFile: string): string {
  const t = s.trigger;
  const trigger =
    t.type === "cron"
      ? { type: "cron", expression: t.expression }
      : {
          type: "recurrence",
          frequency: t.frequency.toLowerCase(),
          interval: t.interval,
          schedule: { hours: t.hours, minutes: t.minutes, week_days: t.weekDays?.map((d) => d.toLowerCase()), month_days: t.monthDays },
        };
  const doc = {
    $schema: SCHEDULE_SCHEMA,
    name: s.name,
    display_name: s.name,
    description: s.description,
    tags: Object.keys(s.tags).length === 0 ? undefined : s.tags,
    trigger: { ...trigger, start_time: s.startTime, end_time: s.endTime, time_zone: s.timeZone },
    create_job: `./${pipelineYamlFile}`,
  };
  const sorted = sortKeys(doc) as { trigger: Record<string, unknown> };
  // Quoted, or YAML 1.1 readers (the SDK's) turn them into datetimes its schema then rejects.
  for (const key of ["start_time", "end_time"]) {
    const value = sorted.trigger[key];
    if (typeof value === "string") sorted.trigger[key] = Object.assign(new Scalar(value), { type: Scalar.QUOTE_DOUBLE });
  }
  return stringify(sorted, { lineWidth: 0, aliasDuplicateObjects: false });
}
