export * from "./schema.ts";
export * from "./automl-metrics.ts";
