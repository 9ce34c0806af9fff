// Kept apart from the REST emitter so that commands that never write YAML (run, plan, deploy)
// never load the YAML library.
import type { ScheduleSpec } from "./schedule.ts";
import { toYaml } from "./yaml-text.ts";

const SCHEDULE_SCHEMA = "https://azuremlschemas.azureedge.net/latest/schedule.schema.json";

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
  return toYaml(doc);
}
