import { captureLocation } from "../core/source-location.ts";
import type { ScheduleIR, SourceLocation } from "../ir/schema.ts";
import type { TimeZone } from "./time-zones.ts";

/** Azure's recurrence units (REST `RecurrenceFrequency`). */
export type RecurrenceFrequency = "Minute" | "Hour" | "Day" | "Week" | "Month";
export type WeekDay = "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday";

export interface Recurrence {
  frequency: RecurrenceFrequency;
  /** Every `interval` units. Default 1. */
  interval?: number;
  hours?: readonly number[];
  minutes?: readonly number[];
  weekDays?: readonly WeekDay[];
  monthDays?: readonly number[];
}

interface ScheduleBase {
  /** Schedule name in the workspace; deploying again updates the schedule of this name. */
  name: string;
  description?: string;
  /** Windows zone name, as Azure expects. Default "UTC". */
  timeZone?: TimeZone;
  /**
   * First moment the schedule may fire, `YYYY-MM-DDThh:mm:ss` in `timeZone` (no offset).
   * Without it Azure starts counting from creation.
   */
  startTime?: string;
  endTime?: string;
  /** Deploy the schedule disabled. Default true. */
  enabled?: boolean;
  tags?: Readonly<Record<string, string>>;
}

/** Either a 5-field NCronTab expression or a recurrence, never both (the type enforces it). */
export type ScheduleOptions = ScheduleBase & ({ cron: string; recurrence?: never } | { recurrence: Recurrence; cron?: never });

/** A retraining schedule; attach it with `pipeline({ schedules: [...] })`. */
export class Schedule {
  readonly kind = "schedule" as const;
  readonly name: string;
  readonly definedAt: SourceLocation;
  private readonly options: ScheduleOptions;

  constructor(options: ScheduleOptions, definedAt: SourceLocation) {
    this.name = options.name;
    this.options = options;
    this.definedAt = definedAt;
  }

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

/**
 * Scheduled retraining: Azure creates a run of the pipeline on this trigger, with the code,
 * environments and components pinned at deploy time and data inputs read fresh.
 */
export function schedule(options: ScheduleOptions): Schedule {
  return new Schedule(options, captureLocation());
}
