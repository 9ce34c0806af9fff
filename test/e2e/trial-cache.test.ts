// A sweep's per-trial cache is checked, not trusted: each entry gets a manifest when the sweep
// ends; a rerun reuses only entries whose files still match it (a damaged one is named in the
// step's log and runs again, the others are reused); `sluice cache verify` reads every byte of
// trial entries too, names the bad ones, exits 1, and removes them unless --dry-run.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandbox } from "../helpers/local-sandbox.ts";

const box = sandbox();
afterAll(() => box.cleanup());

const FILE = "test/fixtures/trial-cache/trials.pipeline.ts";
const trialsDir = join(box.env.SLUICE_CACHE_DIR, "sweep-trials");
/** The cache entry of the trial that ran with x, by the values its result records. */
const entryOf = (x: number): string => {
  const key = readdirSync(trialsDir).find((k) => JSON.parse(readFileSync(join(trialsDir, k, "result.json"), "utf8")).params.x === x);
  if (!key) throw new Error(`no cached trial for x=${x}`);
  return key;
};
const output = (key: string) => join(trialsDir, key, "trial", "outputs", "out", "x.txt");
type Trial = { params: { x: number }; reused: boolean };
const reusedByX = () => {
  const sweep = box.runs()[0]?.steps.find((s) => s.name === "sweep") as unknown as { trials: Trial[] };
  return Object.fromEntries(sweep.trials.map((t) => [t.params.x, t.reused]));
};
const run = (...extra: string[]) => {
  const done = box.sluice(["run", FILE, ...extra]);
  expect(done.status, done.stderr).toBe(0);
  return readFileSync(join(box.env.SLUICE_STATE_DIR, "runs", box.runs()[0]?.id as string, "steps", "sweep", "stdout.log"), "utf8");
};
const keys: Record<number, string> = {};

beforeAll(() => {
  run();
  for (const x of [1, 2, 3]) keys[x] = entryOf(x);
}, 60_000);

describe("the sweep trial cache", () => {
  it("records a manifest for every trial it stores, which cache verify checks", () => {
    for (const x of [1, 2, 3]) expect(existsSync(join(trialsDir, keys[x] as string, "entry.json"))).toBe(true);
    const verify = box.sluice(["cache", "verify"]);
    expect(verify.stdout).toMatch(/^checked 1 cache entry and 3 sweep trial entries in .+: 0 bad\n$/);
    expect(verify.status).toBe(0);
  });

  it("names damaged trial entries in cache verify --dry-run (exit 1) and keeps them", () => {
    writeFileSync(output(keys[2] as string), "2");
    rmSync(join(trialsDir, keys[3] as string, "trial", "outputs"), { recursive: true });
    const dry = box.sluice(["cache", "verify", "--dry-run"]);
    expect(dry.status).toBe(1);
    expect(dry.stdout).toContain(`bad sweep trial entry ${keys[2]}: trial/outputs/out/x.txt is 1 bytes, not 10 (would remove)\n`);
    expect(dry.stdout).toContain(`bad sweep trial entry ${keys[3]}: trial/outputs is missing (would remove)\n`);
    expect(dry.stdout).toMatch(/: 2 bad\n$/);
    expect(existsSync(output(keys[2] as string))).toBe(true);
  });

  it("reruns a damaged trial on the next run, naming it, and reuses the others", () => {
    const log = run("--force");
    expect(reusedByX()).toEqual({ 1: true, 2: false, 3: false });
    expect(log).toContain(`its cached copy ${keys[2]?.slice(0, 12)} cannot be used (trial/outputs/out/x.txt is 1 bytes, not 10); it runs again`);
    expect(log).toContain(`its cached copy ${keys[3]?.slice(0, 12)} cannot be used (trial/outputs is missing); it runs again`);
    expect(readFileSync(output(keys[2] as string), "utf8")).toBe("2222222222");
    expect(box.sluice(["cache", "verify"]).status).toBe(0);
    run("--force");
    expect(reusedByX()).toEqual({ 1: true, 2: true, 3: true });
  });

  it("removes a trial entry whose bytes rotted unseen (same size, same time) in cache verify (exit 1)", () => {
    const file = output(keys[1] as string);
    const { mtime } = statSync(file);
    writeFileSync(file, "9999999999");
    utimesSync(file, mtime, mtime);
    const verify = box.sluice(["cache", "verify", "--json"]);
    expect(verify.status).toBe(1);
    expect(JSON.parse(verify.stdout)).toMatchObject({
      bad: [],
      trials: { checked: 3, bad: [{ key: keys[1], problem: "trial/outputs/out/x.txt changed (same size, other bytes)" }], removed: [keys[1]] },
    });
    expect(existsSync(join(trialsDir, keys[1] as string))).toBe(false);
    run("--force");
    expect(reusedByX()).toEqual({ 1: false, 2: true, 3: true });
  });
});
