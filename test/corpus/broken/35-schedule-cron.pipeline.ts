import { outputFileDataset, pipeline, pythonScriptStep, schedule } from "@sluice/dsl";

const hourly = schedule({ name: "hourly", cron: "0 */1 * *" });
const nightly = schedule({ name: "nightly", cron: "61 2 * * *" });

export default pipeline({ name: "cron", defaultCompute: "cpu-cluster", schedules: [hourly, nightly] }, () => {
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", outputFileDataset("out")] });
});
