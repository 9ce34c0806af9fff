import { outputFileDataset, pipeline, pythonScriptStep, schedule } from "@sluice/dsl";

const retrain = schedule({ name: "retrain", cron: "0 2 * * *", startTime: "2026-01-01 02:00:00+01:00" });
const again = schedule({ name: "Retrain", cron: "0 3 * * *", timeZone: "Pacific Standard time", startTime: "2026-02-01T00:00:00", endTime: "2026-01-01T00:00:00" });

export default pipeline({ name: "times", defaultCompute: "cpu-cluster", schedules: [retrain, again] }, () => {
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", outputFileDataset("out")] });
});
