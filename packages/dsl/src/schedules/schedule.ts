import { enforceOptions } from "../core/builder-context.ts";
import { flag, listOf, object, oneOf, type Shape, stringRecord, text, wholeNumber } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { ScheduleIR, SourceLocation } from "../ir/schema.ts";
import type { TimeZone } from "./time-zones.ts";

/** Azure's recurrence units (REST `RecurrenceFrequency`). */
export type RecurrenceFrequency = "Minute" | "Hour" | "Day" | "Week" | "Month";
/** Days for {@link Recurrence.weekDays}. */
export type WeekDay = "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday";

/** A recurrence trigger (Azure's `RecurrenceTrigger`): every `interval` `frequency` units, optionally at set times. */
export interface Recurrence {
  /** The unit: `Minute`, `Hour`, `Day`, `Week` or `Month`. */
  frequency: RecurrenceFrequency;
  /** Every `interval` units. Default 1. */
  interval?: number;
  /** Hours of the day (0–23) to fire at, for `Day`/`Week`/`Month`. */
  hours?: readonly number[];
  /** Minutes of the hour (0–59) to fire at, with `hours`. */
  minutes?: readonly number[];
  /** Days of the week to fire on, for `Week`. */
  weekDays?: readonly WeekDay[];
  /** Days of the month (1–31) to fire on, for `Month`. */
  monthDays?: readonly number[];
}

/** The fields every {@link schedule} takes, whichever its trigger ({@link ScheduleOptions}). */
export interface ScheduleCommonOptions {
  /** Schedule name in the workspace; deploying again updates the schedule of this name. */
  name: string;
  /** Shown in the workspace beside the schedule. */
  description?: string;
  /** Windows zone name, as Azure expects (a misspelling is a TypeScript error). Default "UTC". */
  timeZone?: TimeZone;
  /**
   * First moment the schedule may fire, `YYYY-MM-DDThh:mm:ss` in `timeZone` (no offset).
   * Without it Azure starts counting from creation.
   */
  startTime?: string;
  /** Last moment the schedule may fire, in the same form as `startTime`. */
  endTime?: string;
  /** `false` deploys the schedule disabled (`sluice schedule enable <name>` turns it on). Default true. */
  enabled?: boolean;
  /** Key/value tags on the schedule. */
  tags?: Readonly<Record<string, string>>;
}

/**
 * Options of {@link schedule}: the common fields ({@link ScheduleCommonOptions}: `name`,
 * `description`, `timeZone`, `startTime`, `endTime`, `enabled`, `tags`) plus either `cron`, a
 * 5-field NCronTab expression (`"0 2 * * *"`: 02:00 every day), or `recurrence`, a
 * {@link Recurrence}, never both (the type enforces it).
 */
export type ScheduleOptions = ScheduleCommonOptions &
  (
    | {
        /** A 5-field NCronTab expression, `minute hour day-of-month month day-of-week`. */
        cron: string;
        /** Not with `cron`. */
        recurrence?: never;
      }
    | {
        /** When to fire, as a recurrence. */
        recurrence: Recurrence;
        /** Not with `recurrence`. */
        cron?: never;
      }
  );

/** A retraining schedule, what {@link schedule} returns; attach it with `pipeline({ schedules: [...] })`. */
export class Schedule {
  /** @internal */
  readonly kind = "schedule" as const;
  /** The schedule's name in the workspace. */
  readonly name: string;
  /** @internal */
  readonly definedAt: SourceLocation;
  private readonly options: ScheduleOptions;

  /** @internal */
  constructor(options: ScheduleOptions, definedAt: SourceLocation) {
    this.name = options.name;
    this.options = options;
    this.definedAt = definedAt;
  }

  /** @internal */
  toIR(): ScheduleIR {
    const o = this.options;
    const trigger: ScheduleIR["trigger"] =
      o.cron !== undefined
        ? { type: "cron", expression: o.cron }
        : {
            type: "recurrence",
            frequency: o.recurrence.frequency,
            interval: o.recurrence.interval ?? 1,
            hours: [...(o.recurrence.hours ?? [])],
            minutes: [...(o.recurrence.minutes ?? [])],
            ...(o.recurrence.weekDays ? { weekDays: [...o.recurrence.weekDays] } : {}),
            ...(o.recurrence.monthDays ? { monthDays: [...o.recurrence.monthDays] } : {}),
          };
    return {
      name: o.name,
      trigger,
      timeZone: o.timeZone ?? "UTC",
      enabled: o.enabled ?? true,
      tags: { ...(o.tags ?? {}) },
      definedAt: this.definedAt,
      ...(o.description !== undefined ? { description: o.description } : {}),
      ...(o.startTime !== undefined ? { startTime: o.startTime } : {}),
      ...(o.endTime !== undefined ? { endTime: o.endTime } : {}),
    };
  }
}

const SCHEDULE_OPTIONS: Shape = {
  name: { check: text, required: true },
  description: { check: text },
  timeZone: { check: text },
  startTime: { check: text },
  endTime: { check: text },
  enabled: { check: flag },
  tags: { check: stringRecord },
  cron: { check: text },
  recurrence: object({
    frequency: { check: oneOf("Minute", "Hour", "Day", "Week", "Month"), required: true },
    interval: { check: wholeNumber },
    hours: { check: listOf(wholeNumber) },
    minutes: { check: listOf(wholeNumber) },
    weekDays: { check: listOf(oneOf("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")) },
    monthDays: { check: listOf(wholeNumber) },
  }),
};

/**
 * Scheduled retraining: Azure creates a run of the pipeline on this trigger, with the code,
 * environments and components pinned at deploy time and data inputs read fresh. `sluice deploy`
 * creates or updates it (showing a diff); `sluice schedule list|enable|disable|delete` manage it.
 *
 * @example
 * ```ts
 * const nightly = schedule({ name: "nightly-retrain", cron: "0 2 * * *", timeZone: "UTC" });
 * const weekly = schedule({ name: "weekly", recurrence: { frequency: "Week", weekDays: ["Monday"], hours: [6], minutes: [0] } });
 * export default pipeline({ name: "train", defaultCompute: "cpu-cluster", schedules: [nightly] }, () => { ... });
 * ```
 */
export function schedule(options: ScheduleOptions): Schedule {
  const definedAt = captureLocation();
  enforceOptions("schedule", options, SCHEDULE_OPTIONS, definedAt);
  return new Schedule(options, definedAt);
}
