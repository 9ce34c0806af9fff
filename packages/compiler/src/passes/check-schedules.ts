import { TIME_ZONES, type ScheduleIR } from "@sluice/dsl/ir";
import type { CompileContext, Pass } from "../context.ts";
import { EXPERIMENT_NAME } from "../names/azure-names.ts";

const ZONES = new Set<string>(TIME_ZONES);
const FREQUENCIES = ["Minute", "Hour", "Day", "Week", "Month"];
const WEEK_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
/** NCronTab's five fields: minute, hour, day of month, month, day of week. */
const CRON_FIELDS: ReadonlyArray<{ name: string; min: number; max: number }> = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 6 },
];

/** The first problem in one cron field, or undefined when it is valid. */
function cronFieldProblem(text: string, field: { name: string; min: number; max: number }): string | undefined {
  for (const part of text.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) return `'${part}' is not a number, range, list or step`;
    const numbers = [match[2], match[3]].filter((n): n is string => n !== undefined).map(Number);
    const bad = numbers.find((n) => n < field.min || n > field.max);
    if (bad !== undefined) return `${bad} is outside ${field.min}–${field.max}`;
    if (match[4] !== undefined && Number(match[4]) === 0) return "a step of 0 never fires";
  }
  return undefined;
}

export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} fields; Azure expects 5 (minute hour day-of-month month day-of-week)`;
  for (const [i, field] of CRON_FIELDS.entries()) {
    const problem = cronFieldProblem(fields[i] ?? "", field);
    if (problem) return `${field.name} field: ${problem}`;
  }
  return undefined;
}

function recurrenceProblem(t: Extract<ScheduleIR["trigger"], { type: "recurrence" }>): string | undefined {
  if (!FREQUENCIES.includes(t.frequency)) return `frequency '${t.frequency}' is not one of ${FREQUENCIES.join(", ")}`;
  if (!Number.isInteger(t.interval) || t.interval < 1) return `interval ${t.interval} must be a whole number ≥ 1`;
  const calendar = ["Day", "Week", "Month"].includes(t.frequency);
  if (calendar && (t.hours.length === 0 || t.minutes.length === 0)) return `a ${t.frequency} recurrence needs hours and minutes (when in the day it fires)`;
  if (t.hours.some((h) => !Number.isInteger(h) || h < 0 || h > 23)) return `hours must be whole numbers 0–23, got [${t.hours.join(", ")}]`;
  if (t.minutes.some((m) => !Number.isInteger(m) || m < 0 || m > 59)) return `minutes must be whole numbers 0–59, got [${t.minutes.join(", ")}]`;
  const badDay = t.weekDays?.find((d) => !WEEK_DAYS.includes(d));
  if (badDay !== undefined) return `week day '${badDay}' is not one of ${WEEK_DAYS.join(", ")}`;
  if (t.frequency === "Week" && (t.weekDays ?? []).length === 0) return "a Week recurrence needs weekDays";
  if (t.weekDays && t.frequency !== "Week") return `weekDays only apply to a Week recurrence, not ${t.frequency}`;
  if (t.monthDays && t.frequency !== "Month") return `monthDays only apply to a Month recurrence, not ${t.frequency}`;
  return undefined;
}

function checkOne(ctx: CompileContext, s: ScheduleIR, seen: Set<string>): void {
  const at = { location: s.definedAt, path: `${ctx.ir.name}/schedule:${s.name}` };
  const d = ctx.diagnostics;
  if (!EXPERIMENT_NAME.test(s.name))
    d.report("SL130", at, `schedule name '${s.name}' is not a valid Azure name`, "use letters, digits, '-' and '_', starting with a letter or digit");
  if (seen.has(s.name.toLowerCase())) d.report("SL130", at, `schedule name '${s.name}' is used twice`, "give each schedule of the pipeline its own name");
  seen.add(s.name.toLowerCase());
  const problem = s.trigger.type === "cron" ? cronProblem(s.trigger.expression) : recurrenceProblem(s.trigger);
  if (problem) {
    const what = s.trigger.type === "cron" ? `cron '${s.trigger.expression}'` : "recurrence";
    d.report(
      "SL131",
      at,
      `schedule '${s.name}': ${what} is invalid: ${problem}`,
      s.trigger.type === "cron" ? 'for example "0 2 * * *" runs daily at 02:00' : 'for example { frequency: "Day", interval: 1, hours: [2], minutes: [0] }',
    );
  }
  if (!ZONES.has(s.timeZone))
    d.report(
      "SL132",
      at,
      `schedule '${s.name}': time zone '${s.timeZone}' is not a zone Azure accepts`,
      'use a Windows zone name such as "UTC" or "W. Europe Standard Time" (see TIME_ZONES)',
    );
  for (const [key, value] of [
    ["startTime", s.startTime],
    ["endTime", s.endTime],
  ] as const) {
    if (value !== undefined && (!LOCAL_TIME.test(value) || Number.isNaN(Date.parse(`${value}Z`)))) {
      d.report(
        "SL133",
        at,
        `schedule '${s.name}': ${key} '${value}' is not a local date-time`,
        "write YYYY-MM-DDThh:mm:ss without an offset; the time zone comes from timeZone",
      );
    }
  }
  if (s.startTime && s.endTime && s.endTime <= s.startTime)
    d.report("SL133", at, `schedule '${s.name}': endTime is not after startTime`, "move endTime later or drop it");
}

/** Schedule mistakes Azure would only report at deploy time (or never, firing at odd hours). */
export const checkSchedules: Pass = (ctx) => {
  const seen = new Set<string>();
  for (const s of ctx.ir.schedules ?? []) checkOne(ctx, s, seen);
};
