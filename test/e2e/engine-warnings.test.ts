// The AutoML engine's warnings (a model trained on a 4-row table) travel from its result document
// to everything that shows a step: the `--json` events, the step's entry in run.json, the run page
// (as text: a label value is user data), the printed run, its summary and `sluice runs`; a reused
// step keeps the warnings its model was trained with.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runView } from "../../packages/runtime/src/ui/views.ts";
import { sandbox } from "../helpers/local-sandbox.ts";

const box = sandbox();
afterAll(() => box.cleanup());

const PIPELINE = "test/fixtures/engine-warnings/tiny.pipeline.ts";
const ROWS = "the training data has only 4 rows (fewer than 50): scores from so few rows vary a lot, so treat the best model as a rough guess";
const FOLDS = "the smallest class ('<b>') has 2 rows, fewer than the 5 cross-validation folds: cross-validation uses 2 folds";
const input = join(box.root, "tiny");

type Event = { type: string; runId?: string; step?: string; status?: string; warnings?: string[] };
let events: Event[] = [];
let runId = "";

beforeAll(() => {
  mkdirSync(input, { recursive: true });
  writeFileSync(join(input, "data.csv"), "a,b,y\n1,2,<b>\n2,3,ok\n3,4,<b>\n4,5,ok\n");
  const run = box.sluice(["run", PIPELINE, "--json", "--input", `tiny=${input}`]);
  expect(run.status, run.stderr).toBe(0);
  events = run.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Event);
  runId = events.find((e) => e.type === "run-started")?.runId as string;
}, 60_000);

describe("an AutoML step trained on a tiny table", () => {
  it("has the warnings in its step-finished event", () => {
    expect(events.find((e) => e.type === "step-finished")).toMatchObject({ step: "tiny", status: "completed", warnings: [ROWS, FOLDS] });
  });

  it("keeps them in its entry of run.json and in `sluice runs`", () => {
    expect(box.runRecord(runId).steps[0]).toMatchObject({ name: "tiny", status: "completed", warnings: [ROWS, FOLDS] });
    expect(box.runs()[0]?.steps[0]).toMatchObject({ warnings: [ROWS, FOLDS] });
    expect(box.sluice(["runs"]).stdout).toMatch(new RegExp(`^${runId} .* 1 ran, 0 reused, 2 warnings$`, "m"));
  });

  it("shows them on the run page, escaped", async () => {
    const view = await runView({ stateDir: box.env.SLUICE_STATE_DIR, registryDir: join(box.env.SLUICE_STATE_DIR, "registry") }, runId);
    expect(view.body).toContain(`<ul class="warnings"><li>warning: ${ROWS}</li>`);
    expect(view.body).toContain("<li>warning: the smallest class (&#39;&lt;b&gt;&#39;) has 2 rows");
    expect(view.body).not.toContain("<b>");
  });

  it("prints them, and a reused step keeps them", () => {
    const again = box.sluice(["run", PIPELINE, "--input", `tiny=${input}`]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`↺ tiny reused (unchanged since run ${runId})\n    ! warning: ${ROWS}\n    ! warning: ${FOLDS}\n`);
    expect(again.stdout).toMatch(/^tiny: best accuracy .*, trained with 2 warnings \(shown with the step\)$/m);
    expect(box.runs()[0]?.steps[0]).toMatchObject({ reused: true, warnings: [ROWS, FOLDS] });
  });
});
