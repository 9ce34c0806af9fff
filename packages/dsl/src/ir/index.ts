export * from "./schema.ts";
export * from "./automl-metrics.ts";
export * from "./automl-algorithms.ts";
export { DIAGNOSTIC_CODES, type DiagnosticCode } from "./diagnostic-codes.ts";
export { TIME_ZONES, type TimeZone } from "../schedules/time-zones.ts";
export { closestName } from "./closest-name.ts";
