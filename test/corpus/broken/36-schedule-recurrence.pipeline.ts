import { outputFileDataset, pipeline, pythonScriptStep, schedule } from "@sluice/dsl";

const weekly = schedule({ name: "weekly", recurrence: { frequency: "Week", hours: [3], minutes: [0] } });
const daily = schedule({ name: "daily", recurrence: { frequency: "Day", hours: [24], minutes: [0] } });

export default pipeline({ name: "recurrence", defaultCompute: "cpu-cluster", schedules: [weekly, daily] }, () => {
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", outputFileDataset("out")] });
});
