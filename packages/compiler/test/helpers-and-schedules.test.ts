// Small pieces every emitter leans on, pinned value by value: emitted paths, literal spelling,
// asset references, content versions of image environments, name suggestions, and schedule
// bodies for each trigger shape.
import { describe, expect, it } from "vitest";
import { emitScheduleBody, scheduleJson, type ScheduleSpec } from "../src/emit/schedule.ts";
import { emitScheduleYaml } from "../src/emit/schedule-yaml.ts";
import { emittedPath } from "../src/emit/paths.ts";
import { assetReference, imageEnvironmentVersion, literalText } from "../src/lower/values.ts";
import { suggestIdentifier } from "../src/names/azure-names.ts";
import { parse } from "yaml";

describe("emitted paths", () => {
  it.each([
    ["/a/b", "/a/b", "."],
    ["/a/b", "/a/b/src", "./src"],
    ["/a/b", "/a/src", "../src"],
    ["/a/b", "/a", ".."],
    ["/a/b", "/a/b/..src", "./..src"],
  ])("from %s to %s is %s", (base, target, expected) => {
    expect(emittedPath(base, target)).toBe(expected);
  });
});

describe("values", () => {
  it("spells literals as Python's str() would", () => {
    expect([literalText(true), literalText(false), literalText(3), literalText(1.5), literalText("x")]).toEqual(["True", "False", "3", "1.5", "x"]);
  });

  it("references registered assets by version or as @latest", () => {
    expect(assetReference("titanic", "3")).toBe("azureml:titanic:3");
    expect(assetReference("titanic", "latest")).toBe("azureml:titanic@latest");
  });

  it("versions image environments by content: the image and the conda file both count", () => {
    const a = imageEnvironmentVersion("img:1", undefined);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(imageEnvironmentVersion("img:1", undefined)).toBe(a);
    expect(imageEnvironmentVersion("img:2", undefined)).not.toBe(a);
    expect(imageEnvironmentVersion("img:1", "name: env\n")).not.toBe(a);
    expect(imageEnvironmentVersion("img:1", "")).not.toBe(a);
  });
});

describe("name suggestions", () => {
  it.each([
    ["Data Prep!", true, "data_prep"],
    ["Data Prep!", false, "Data_Prep"],
    ["__x__", true, "x"],
    ["1st", true, "step_1st"],
    ["!!!", false, "step_"],
    ["a--b", true, "a_b"],
  ])("suggests for %s (lower: %s) %s", (name, lower, expected) => {
    expect(suggestIdentifier(name, lower)).toBe(expected);
  });
});

describe("schedule bodies", () => {
  const base = { name: "s", timeZone: "UTC", enabled: true, tags: {} } as const;
  const trigger = (s: ScheduleSpec) => (emitScheduleBody(s, { jobType: "Pipeline" }) as { properties: Record<string, unknown> }).properties;

  it("writes a cron trigger, the action and the state", () => {
    const spec: ScheduleSpec = { ...base, trigger: { type: "cron", expression: "0 2 * * *" }, startTime: "2026-01-01T00:00:00" };
    expect(trigger(spec)).toEqual({
      action: { actionType: "CreateJob", jobDefinition: { jobType: "Pipeline" } },
      description: undefined,
      displayName: "s",
      isEnabled: true,
      properties: {},
      tags: {},
      trigger: { triggerType: "Cron", expression: "0 2 * * *", startTime: "2026-01-01T00:00:00", endTime: undefined, timeZone: "UTC" },
    });
    expect(scheduleJson(spec, {})).toMatch(/^\{\n {2}"properties": \{[\s\S]*"triggerType": "Cron"[\s\S]*\}\n$/);
    const yaml = parse(emitScheduleYaml({ ...spec, tags: { team: "risk" } }, "p.pipeline.yml"));
    expect(yaml).toMatchObject({
      create_job: "./p.pipeline.yml",
      tags: { team: "risk" },
      trigger: { type: "cron", expression: "0 2 * * *", start_time: "2026-01-01T00:00:00" },
    });
    expect(parse(emitScheduleYaml(spec, "p.pipeline.yml")).tags).toBeUndefined();
  });

  it.each([
    ["no calendar", { hours: [], minutes: [] }, undefined],
    ["hours", { hours: [3], minutes: [] }, { hours: [3], minutes: [], weekDays: undefined, monthDays: undefined }],
    ["minutes", { hours: [], minutes: [15] }, { hours: [], minutes: [15], weekDays: undefined, monthDays: undefined }],
    ["week days", { hours: [], minutes: [], weekDays: ["Monday"] }, { hours: [], minutes: [], weekDays: ["Monday"], monthDays: undefined }],
    ["month days", { hours: [], minutes: [], monthDays: [1] }, { hours: [], minutes: [], weekDays: undefined, monthDays: [1] }],
  ] as const)("writes a recurrence with %s", (_, calendar, schedule) => {
    const spec = { ...base, trigger: { type: "recurrence", frequency: "Hour", interval: 2, ...calendar } } as unknown as ScheduleSpec;
    expect(trigger(spec).trigger).toEqual({
      triggerType: "Recurrence",
      frequency: "Hour",
      interval: 2,
      schedule,
      startTime: undefined,
      endTime: undefined,
      timeZone: "UTC",
    });
    expect(parse(emitScheduleYaml(spec, "p.pipeline.yml")).trigger).toMatchObject({ type: "recurrence", frequency: "hour", interval: 2 });
  });
});
