// State that is checked, not trusted: a damaged run record is named and skipped (runs, logs
// latest) and removable (gc); a cache entry missing an output folder is a miss (plan says so,
// the step reruns); bytes damaged at the same size are caught by `sluice cache verify`.
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox, stepStates } from "../helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/local");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});

const PIPELINE = `import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "state", defaultCompute: "local" }, () => {
  const a = outputFileDataset("a");
  const b = outputFileDataset("b");
  pythonScriptStep({ name: "make", sourceDirectory: "./make", script: "make.py", arguments: ["--a", a, "--b", b] });
  return { a, b };
});
`;
const MAKE = `import argparse, os
p = argparse.ArgumentParser(); p.add_argument("--a"); p.add_argument("--b"); x = p.parse_args()
for d, text in ((x.a, "alpha\\n"), (x.b, "beta\\n")):
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "part.txt"), "w").write(text)
print("made")
`;
mkdirSync(join(project.dir, "make"));
writeFileSync(join(project.dir, "make", "make.py"), MAKE);
writeFileSync(join(project.dir, "state.pipeline.ts"), PIPELINE);
const FILE = project.file("state.pipeline.ts");
const runsDir = join(box.env.SLUICE_STATE_DIR, "runs");
const entries = () => readdirSync(join(box.env.SLUICE_CACHE_DIR, "steps"));
const entryDir = () => join(box.env.SLUICE_CACHE_DIR, "steps", entries()[0] as string);

describe("a damaged run record", () => {
  let older = "";
  let newer = "";
  it("is named and skipped by sluice runs, which still lists the others", () => {
    expect(box.sluice(["run", FILE]).status).toBe(0);
    expect(box.sluice(["run", FILE]).status).toBe(0);
    [newer, older] = box.runs().map((r) => r.id) as [string, string];
    const file = join(runsDir, newer, "run.json");
    writeFileSync(file, readFileSync(file, "utf8").slice(0, 40));
    const listed = box.sluice(["runs"]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${older}  state  completed`));
    expect(listed.stdout).not.toContain(newer);
    expect(listed.stderr).toContain(`sluice: skipped ${file}: not valid JSON (`);
    expect(box.runs().map((r) => r.id)).toEqual([older]);
  });

  it("is named when it is valid JSON of the wrong shape", () => {
    const bogus = join(runsDir, "20200101-000000-000-dead");
    mkdirSync(bogus);
    writeFileSync(join(bogus, "run.json"), JSON.stringify({ id: "20200101-000000-000-dead", steps: "none" }));
    expect(box.sluice(["runs"]).stderr).toContain(`skipped ${join(bogus, "run.json")}: not a run record (pipeline is missing)`);
    writeFileSync(join(bogus, "run.json"), JSON.stringify({ id: 5 }));
    const typed = box.sluice(["runs"]).stderr;
    expect(typed).toContain(`skipped ${join(bogus, "run.json")}: not a run record (id must be text, got 5)`);
    expect(typed).not.toMatch(/Invalid input|received/);
  });

  it("is passed over by logs latest, and named when asked for by id", () => {
    const latest = box.sluice(["logs", "latest", "make"]);
    expect([latest.status, latest.stdout]).toEqual([0, "made\n"]);
    const named = box.sluice(["logs", newer, "make"]);
    expect(named.status).toBe(2);
    expect(named.stderr).toMatch(
      new RegExp(`^sluice: run ${newer} cannot be read: .*run\\.json: not valid JSON \\(.*\\)\\n  hint: \`sluice gc\` removes unreadable runs\\n$`),
    );
  });

  it("is removed by gc, whatever --keep says, and never counted as running", () => {
    const dry = box.sluice(["gc", "--keep", "5", "--dry-run"]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(`would remove unreadable run ${newer} (`);
    expect(dry.stdout).toContain("would remove unreadable run 20200101-000000-000-dead (");
    const done = box.sluice(["gc", "--keep", "5"]);
    expect(done.status).toBe(0);
    expect(done.stdout).toContain("removed 2 run(s)");
    expect(readdirSync(runsDir)).toEqual([older]);
    expect(box.sluice(["runs"]).stderr).toBe("");
  });
});

describe("a cache entry", () => {
  it("missing one output folder is a miss: the plan says why, the step reruns, the next run reuses it", () => {
    expect(box.sluice(["plan", FILE]).stdout).toMatch(/^make: REUSED/);
    rmSync(join(entryDir(), "outputs", "b"), { recursive: true });
    expect(box.sluice(["plan", FILE]).stdout).toBe("make: RUN — its cached result is damaged (outputs/b is missing)\n");
    const again = box.sluice(["run", FILE]);
    expect(again.status, again.stderr).toBe(0);
    expect(stepStates(box.runs()[0]!)).toEqual({ make: "completed" });
    expect(readFileSync(join(entryDir(), "outputs", "b", "part.txt"), "utf8")).toBe("beta\n");
    expect(box.sluice(["run", FILE]).status).toBe(0);
    expect(stepStates(box.runs()[0]!)).toEqual({ make: "reused" });
  });

  it("whose bytes were edited in place at the same size is a miss: its modification time moved, so the hit hashes it", () => {
    const part = join(entryDir(), "outputs", "a", "part.txt");
    writeFileSync(part, "ALPHA\n");
    expect(box.sluice(["plan", FILE]).stdout).toBe("make: RUN — its cached result is damaged (outputs/a/part.txt changed (same size, other bytes))\n");
  });

  it("whose bytes rotted (same size, same time) is caught by cache verify, which evicts it (exit 1), and the step reruns", () => {
    const part = join(entryDir(), "outputs", "a", "part.txt");
    const recorded = JSON.parse(readFileSync(join(entryDir(), "entry.json"), "utf8")).manifest["outputs/a/part.txt"].mtimeMs as number;
    utimesSync(part, new Date(recorded), new Date(recorded));
    expect(box.sluice(["plan", FILE]).stdout).toMatch(/^make: REUSED/);
    const fingerprint = entries()[0];
    const verify = box.sluice(["cache", "verify"]);
    expect(verify.status).toBe(1);
    expect(verify.stdout).toContain(`bad entry ${fingerprint}: outputs/a/part.txt changed (same size, other bytes) (removed)\n`);
    expect(verify.stdout).toMatch(/checked 1 cache entry in .+: 1 bad\n$/);
    expect(entries()).toEqual([]);
    const clean = box.sluice(["cache", "verify", "--json"]);
    expect(clean.status).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ checked: 0, bad: [] });
    expect(box.sluice(["plan", FILE]).stdout).toBe("make: RUN — its cached result is gone\n");
  });

  it("cache verify --dry-run reports a truncated entry.json without removing it; an unknown action is a usage error", () => {
    expect(box.sluice(["run", FILE]).status).toBe(0);
    writeFileSync(join(entryDir(), "entry.json"), '{"fingerprint": ');
    const dry = box.sluice(["cache", "verify", "--dry-run"]);
    expect(dry.status).toBe(1);
    expect(dry.stdout).toMatch(/bad entry \w+: entry\.json is not valid JSON \(.+\) \(would remove\)/);
    expect(entries()).toHaveLength(1);
    const wrong = box.sluice(["cache", "purge"]);
    expect([wrong.status, wrong.stderr]).toEqual([2, "sluice: unknown cache action 'purge'\n  hint: sluice cache verify [--dry-run]\n"]);
  });
});

describe("an endpoint's keys file", () => {
  const SERVING = "test/fixtures/serving/serving.pipeline.ts";
  const keysFile = () => join(box.env.SLUICE_STATE_DIR, "endpoints", "iris-endpoint", "keys.json");

  it("damaged, is refused naming the file, never silently replaced with keys clients do not hold", () => {
    const first = box.sluice(["endpoint", "keys", SERVING, "--json"]);
    expect(first.status, first.stderr).toBe(0);
    writeFileSync(keysFile(), '{"primaryKey": ""}');
    const r = box.sluice(["endpoint", "keys", SERVING]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(
      /^sluice: .*endpoints\/iris-endpoint\/keys\.json: not an endpoint's keys \(.*\)\n {2}hint: delete the file and Sluice makes new keys/,
    );
    expect(readFileSync(keysFile(), "utf8")).toBe('{"primaryKey": ""}');
  });

  it("made readable by others, is read and made owner-only again", () => {
    writeFileSync(keysFile(), JSON.stringify({ primaryKey: "p".repeat(43), secondaryKey: "s".repeat(43) }), { mode: 0o644 });
    chmodSync(keysFile(), 0o644);
    const r = box.sluice(["endpoint", "keys", SERVING, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ primaryKey: "p".repeat(43) });
    expect(statSync(keysFile()).mode & 0o777).toBe(0o600);
  });
});
