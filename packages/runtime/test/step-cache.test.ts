// The step cache in-process on a temp folder: a staged result committed whole under its
// fingerprint, found again, and refused (a miss, with the reason) when its entry.json is
// missing, broken or someone else's, or its files no longer match the manifest; races on one
// fingerprint; the index of each step's last facts; the sweep of staging folders of dead runs.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFolders } from "./helpers/temp-folders.ts";
import type { StepFacts } from "../src/backends/local/fingerprint.ts";
import { StepCache, type Staging } from "../src/backends/local/step-cache.ts";
import { entryJsonProblem } from "../src/backends/local/step-cache-schema.ts";
import { SluiceError } from "../src/errors/sluice-error.ts";

const FP = "f".repeat(64);
const T = 1_700_000_000;
const DEAD_PID = 2 ** 22 + 12_345; // above Linux's largest pid_max: never a live process

const cacheDir = tempFolders("sluice-step-cache-");

function facts(outputs = ["model"]): StepFacts {
  return { kind: "command", command: "python train.py", literals: {}, data: {}, upstream: {}, outputs };
}

function given(fingerprint = FP, runId = "run-1", outputs = ["model"]) {
  return { fingerprint, pipeline: "titanic", node: "train", runId, durationMs: 1234, facts: facts(outputs) };
}

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  utimesSync(path, T, T);
}

/** A staged result with one output holding model.pkl ("abc"). */
function staged(cache: StepCache, text = "abc"): Staging {
  const staging = cache.stage();
  write(join(staging.outputDir("model"), "model.pkl"), text);
  return staging;
}

function stored(root: string, fingerprint = FP): StepCache {
  const cache = new StepCache(root);
  cache.commit(staged(cache), given(fingerprint));
  return cache;
}

describe("StepCache store and lookup", () => {
  it("leaves no trace before the first write, and finds nothing", () => {
    const root = cacheDir();
    const cache = new StepCache(root);
    expect(cache.lookup(FP)).toBeUndefined();
    expect(cache.check(FP)).toBeUndefined();
    expect(cache.check(FP, true)).toBeUndefined();
    expect(cache.fingerprints()).toEqual([]);
    cache.sweep();
    expect(readdirSync(root)).toEqual([]);
  });

  it("commits a staged result whole: its entry, its manifest, nothing left in staging", () => {
    const root = cacheDir();
    const cache = new StepCache(root);
    const staging = staged(cache);
    expect(staging.dir.startsWith(join(root, "tmp", `${process.pid}-`))).toBe(true);
    expect(staging.outputDir("model")).toBe(join(staging.dir, "outputs", "model"));
    write(join(staging.dir, "sweep.json"), "{}");
    write(join(staging.dir, "scratch.txt"), "not part of the entry");
    const entry = cache.commit(staging, given());
    const dir = join(root, "steps", FP);
    expect(entry).toEqual({
      ...given(),
      dir,
      manifest: {
        outputs: { dir: true },
        "outputs/model": { dir: true },
        "outputs/model/model.pkl": { size: 3, sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", mtimeMs: T * 1000 },
        "sweep.json": { size: 2, sha256: "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", mtimeMs: T * 1000 },
      },
    });
    expect(JSON.parse(readFileSync(join(dir, "entry.json"), "utf8"))).toEqual({ ...given(), manifest: entry.manifest });
    expect(readFileSync(join(dir, "outputs/model/model.pkl"), "utf8")).toBe("abc");
    expect(readdirSync(join(root, "tmp"))).toEqual([]);
    expect(cache.lookup(FP)).toEqual(entry);
    expect(cache.check(FP, true)).toEqual({ ok: true, value: entry });
    expect(cache.fingerprints()).toEqual([FP]);
  });

  it("stages in a folder of this process with outputs/ made, which holds an entry with no outputs", () => {
    const root = cacheDir();
    const cache = new StepCache(root);
    const staging = cache.stage();
    expect(readdirSync(staging.dir)).toEqual(["outputs"]);
    expect(cache.commit(staging, given(FP, "run-1", [])).manifest).toEqual({ outputs: { dir: true } });
  });

  it("discards a staged result without a trace, twice if need be", () => {
    const root = cacheDir();
    const cache = new StepCache(root);
    const staging = staged(cache);
    cache.discard(staging);
    cache.discard(staging);
    expect(readdirSync(join(root, "tmp"))).toEqual([]);
    expect(readdirSync(join(root, "steps"))).toEqual([]);
  });

  it("refuses an output name that is not a plain name", () => {
    const cache = new StepCache(cacheDir());
    const staging = cache.stage();
    expect(() => staging.outputDir("../escape")).toThrow(SluiceError);
    expect(() => staging.outputDir("../escape")).toThrow("refusing output name '../escape': not a plain name");
  });
});

describe("StepCache: an entry that cannot be used is a miss, with the reason", () => {
  const entryDir = (root: string) => join(root, "steps", FP);

  it("an entry folder without entry.json (a partial entry)", () => {
    const root = cacheDir();
    mkdirSync(join(entryDir(root), "outputs/model"), { recursive: true });
    const cache = new StepCache(root);
    expect(cache.check(FP)).toEqual({ ok: false, problem: "entry.json is missing" });
    expect(cache.lookup(FP)).toBeUndefined();
  });

  it("a truncated entry.json", () => {
    const root = cacheDir();
    const cache = stored(root);
    const file = join(entryDir(root), "entry.json");
    writeFileSync(file, readFileSync(file, "utf8").slice(0, 40));
    const checked = cache.check(FP);
    expect(checked?.ok).toBe(false);
    expect(checked?.ok === false && checked.problem).toMatch(/^entry\.json is not valid JSON \(/);
    expect(cache.lookup(FP)).toBeUndefined();
  });

  it("an entry.json that is not an entry", () => {
    const root = cacheDir();
    const cache = stored(root);
    const file = join(entryDir(root), "entry.json");
    const entry = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...entry, runId: "" }));
    const checked = cache.check(FP);
    expect(checked?.ok === false && checked.problem).toMatch(/^entry\.json is not a cache entry \(.*runId/);
    expect(cache.lookup(FP)).toBeUndefined();
  });

  it("an entry.json naming another fingerprint (a copied folder)", () => {
    const root = cacheDir();
    const cache = stored(root);
    const other = "0".repeat(64);
    mkdirSync(join(root, "steps", other));
    writeFileSync(join(root, "steps", other, "entry.json"), readFileSync(join(entryDir(root), "entry.json")));
    expect(cache.check(other)).toEqual({ ok: false, problem: `entry.json names ${FP}` });
  });

  it("a missing output folder", () => {
    const root = cacheDir();
    const cache = stored(root);
    rmSync(join(entryDir(root), "outputs/model"), { recursive: true });
    expect(cache.check(FP)).toEqual({ ok: false, problem: "outputs/model is missing" });
    expect(cache.lookup(FP)).toBeUndefined();
  });

  it("an entry.json that cannot be read, in words that read as a sentence", () => {
    const root = cacheDir();
    mkdirSync(join(entryDir(root), "entry.json"), { recursive: true });
    expect(new StepCache(root).check(FP)).toEqual({ ok: false, problem: "entry.json cannot be read (EISDIR)" });
  });

  it("an output the step declares but the entry never recorded", () => {
    const root = cacheDir();
    const cache = stored(root);
    const file = join(entryDir(root), "entry.json");
    const entry = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...entry, facts: facts(["model", "metrics"]) }));
    expect(cache.check(FP)).toEqual({ ok: false, problem: "output metrics was not recorded" });
    expect(cache.check(FP, true)).toEqual({ ok: false, problem: "output metrics was not recorded" });
  });

  it("a file whose size changed", () => {
    const root = cacheDir();
    const cache = stored(root);
    write(join(entryDir(root), "outputs/model/model.pkl"), "abcd");
    expect(cache.check(FP)).toEqual({ ok: false, problem: "outputs/model/model.pkl is 4 bytes, not 3" });
  });

  it("a file whose time moved and bytes changed is rehashed; same bytes stay a hit", () => {
    const root = cacheDir();
    const cache = stored(root);
    const file = join(entryDir(root), "outputs/model/model.pkl");
    writeFileSync(file, "abd");
    utimesSync(file, T + 5, T + 5);
    expect(cache.check(FP)).toEqual({ ok: false, problem: "outputs/model/model.pkl changed (same size, other bytes)" });
    writeFileSync(file, "abc");
    utimesSync(file, T + 5, T + 5);
    expect(cache.lookup(FP)?.runId).toBe("run-1");
  });

  it("rotted bytes under an unmoved time: a hit, caught only by the full check", () => {
    const root = cacheDir();
    const cache = stored(root);
    write(join(entryDir(root), "outputs/model/model.pkl"), "abd");
    expect(cache.lookup(FP)?.runId).toBe("run-1");
    expect(cache.check(FP, true)).toEqual({ ok: false, problem: "outputs/model/model.pkl changed (same size, other bytes)" });
  });

  it("a file added to the entry: only the full check names it", () => {
    const root = cacheDir();
    const cache = stored(root);
    write(join(entryDir(root), "outputs/model/extra.txt"), "x");
    expect(cache.check(FP)?.ok).toBe(true);
    expect(cache.check(FP, true)).toEqual({ ok: false, problem: "outputs/model/extra.txt was added after the entry was stored" });
  });
});

describe("StepCache races and repair", () => {
  it("a second commit of a fingerprint keeps the whole entry already there", () => {
    const root = cacheDir();
    const cache = stored(root);
    const late = staged(cache, "xyz");
    const kept = cache.commit(late, given(FP, "run-2"));
    expect(kept.runId).toBe("run-1");
    expect(readFileSync(join(kept.dir, "outputs/model/model.pkl"), "utf8")).toBe("abc");
    expect(existsSync(late.dir)).toBe(false);
    expect(readdirSync(join(root, "tmp"))).toEqual([]);
  });

  it("a commit replaces a broken entry, moving it aside under this process", () => {
    const root = cacheDir();
    const cache = stored(root);
    rmSync(join(root, "steps", FP, "outputs/model"), { recursive: true });
    const entry = cache.commit(staged(cache, "xyz"), given(FP, "run-2"));
    expect(entry.runId).toBe("run-2");
    expect(readFileSync(join(entry.dir, "outputs/model/model.pkl"), "utf8")).toBe("xyz");
    const aside = readdirSync(join(root, "tmp"));
    expect(aside).toHaveLength(1);
    expect(aside[0]).toMatch(new RegExp(`^${process.pid}-broken-[0-9a-f]{8}$`));
    expect(readdirSync(join(root, "tmp", aside[0] as string))).toEqual(["entry.json", "outputs"]);
  });

  it("a commit whose staging folder vanished fails instead of storing nothing", () => {
    const root = cacheDir();
    const cache = new StepCache(root);
    const staging = staged(cache);
    rmSync(staging.dir, { recursive: true });
    expect(() => cache.commit(staging, given())).toThrow(/ENOENT/);
    expect(cache.fingerprints()).toEqual([]);
  });

  it("a commit that cannot store a usable entry is a one-line error naming why", () => {
    const root = cacheDir();
    const cache = new StepCache(root);
    const commit = () => cache.commit(staged(cache), given(FP, "run-1", ["model", "metrics"]));
    expect(commit).toThrow(SluiceError);
    expect(commit).toThrow("the cache entry of step train could not be stored (output metrics was not recorded)");
    const error = (() => {
      try {
        commit();
      } catch (caught) {
        return caught as SluiceError;
      }
    })();
    expect([error?.kind, error?.hint]).toEqual(["run", "run it again; if this repeats, look at what the step writes into its outputs"]);
  });

  it("a commit the file system refuses fails on the staged folder, touching nothing else", () => {
    const root = cacheDir();
    const cache = new StepCache(root);
    const staging = staged(cache);
    rmSync(join(root, "steps"), { recursive: true });
    writeFileSync(join(root, "steps"), "not a folder");
    expect(() => cache.commit(staging, given())).toThrow(`rename '${staging.dir}' -> '${join(root, "steps", FP)}'`);
    expect(readdirSync(join(root, "tmp"))).toEqual([staging.dir.split("/").at(-1)]);
  });

  it("evicts an entry, and refuses a name that would leave the cache", () => {
    const root = cacheDir();
    const cache = stored(root);
    cache.evict(FP);
    expect(cache.fingerprints()).toEqual([]);
    expect(existsSync(join(root, "steps"))).toBe(true);
    expect(() => cache.evict("../index")).toThrow("refusing cache entry '../index': not a plain name");
    cache.evict(FP); // already gone: nothing to do
  });

  it("lists only plain names as fingerprints, sorted", () => {
    const root = cacheDir();
    for (const name of ["b1", "a0", "_x", "c.d-e", ".hidden", "-dash", "a..b", "sp ace"]) mkdirSync(join(root, "steps", name), { recursive: true });
    expect(new StepCache(root).fingerprints()).toEqual(["_x", "a0", "b1", "c.d-e"]);
  });
});

describe("entryJsonProblem", () => {
  it.each([
    ["is missing", "entry.json is missing"],
    ["cannot be read (EACCES)", "entry.json cannot be read (EACCES)"],
    ["not valid JSON (unexpected end of JSON input)", "entry.json is not valid JSON (unexpected end of JSON input)"],
    ["not a cache entry (runId: this is empty)", "entry.json is not a cache entry (runId: this is empty)"],
  ])("%s", (problem, sentence) => {
    expect(entryJsonProblem(problem)).toBe(sentence);
  });
});

describe("StepCache index of last facts", () => {
  it("remembers the facts of a step's last run, per pipeline and step", () => {
    const root = cacheDir();
    const cache = new StepCache(root);
    expect(cache.previous("titanic", "train")).toBeUndefined();
    cache.remember("titanic", "train", FP, facts());
    cache.remember("titanic", "prep", "1".repeat(64), facts(["clean"]));
    expect(cache.previous("titanic", "train")).toEqual({ fingerprint: FP, facts: facts() });
    expect(cache.previous("titanic", "prep")).toEqual({ fingerprint: "1".repeat(64), facts: facts(["clean"]) });
    expect(cache.previous("other", "train")).toBeUndefined();
    expect(existsSync(join(root, "index", "titanic", "train.json"))).toBe(true);
  });

  it("forgets a damaged index instead of failing", () => {
    const root = cacheDir();
    const cache = new StepCache(root);
    cache.remember("titanic", "train", FP, facts());
    writeFileSync(join(root, "index", "titanic", "train.json"), '{"fingerprint":"x","facts":{"kind":"shell"}}');
    expect(cache.previous("titanic", "train")).toBeUndefined();
  });

  it("refuses pipeline and step names that would leave the index", () => {
    const cache = new StepCache(cacheDir());
    expect(() => cache.remember("../x", "train", FP, facts())).toThrow("refusing pipeline name '../x'");
    expect(() => cache.previous("titanic", "a/b")).toThrow("refusing step name 'a/b'");
  });
});

describe("StepCache.sweep", () => {
  it("removes staging folders of dead runs only", () => {
    const root = cacheDir();
    const tmp = join(root, "tmp");
    const names = [`${DEAD_PID}-abc`, `${DEAD_PID}-broken-12345678`, `${process.pid}-mine`, `${process.ppid}-parent`, "notapid-x", "1.5-x"];
    for (const name of names) mkdirSync(join(tmp, name, "outputs"), { recursive: true });
    new StepCache(root).sweep();
    expect(readdirSync(tmp).sort()).toEqual([`${process.pid}-mine`, `${process.ppid}-parent`, "1.5-x", "notapid-x"].sort());
  });
});
