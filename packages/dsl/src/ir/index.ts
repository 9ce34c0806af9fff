export * from "./schema.ts";
export * from "./automl-metrics.ts";
export { TIME_ZONES, type TimeZone } from "../schedules/time-zones.ts";
