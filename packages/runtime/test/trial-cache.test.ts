// The sweep engine's per-trial cache in-process on a temp folder: which folders are entries,
// the manifest Sluice records once the engine has ended (only for its own sweep, only once),
// and the verdict the engine is given before a sweep: entries it may reuse, damaged ones with why.
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFolders } from "./helpers/temp-folders.ts";
import { sweepFingerprint, TrialCache } from "../src/backends/local/trial-cache.ts";

const SWEEP = "sweep-fingerprint";
const key = (n: number) => n.toString(16).padStart(64, "0");
const T = 1_700_000_000;

const cacheDir = tempFolders("sluice-trials-");

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  utimesSync(path, T, T);
}

/** What the engine leaves for one finished trial (no entry.json: Sluice has not vouched for it yet). */
function engineStored(cache: TrialCache, k: string, fingerprint: string | null = SWEEP): string {
  const dir = join(cache.root, k);
  write(join(dir, "trial/outputs/model/model.pkl"), `model ${k.slice(-2)}`);
  write(join(dir, "trial/metrics.json"), '{"accuracy": 0.9}');
  write(join(dir, "result.json"), JSON.stringify({ ...(fingerprint ? { fingerprint } : {}), status: "completed", params: { lr: 0.1 } }));
  return dir;
}

describe("TrialCache", () => {
  it("lives in sweep-trials/ and lists only 64-hex keys, sorted", () => {
    const root = cacheDir();
    const cache = new TrialCache(root);
    expect(cache.root).toBe(join(root, "sweep-trials"));
    expect(cache.keys()).toEqual([]);
    for (const name of [key(2), key(1), `${key(3)}.tmp123`, `g${key(5)}`, key(4).toUpperCase().replace(/^0/, "A"), "abc"])
      mkdirSync(join(cache.root, name), { recursive: true });
    expect(cache.keys()).toEqual([key(1), key(2)]);
  });

  it("records a manifest for its own sweep's unrecorded entries only", () => {
    const cache = new TrialCache(cacheDir());
    const mine = engineStored(cache, key(1));
    const other = engineStored(cache, key(2), "another-sweep");
    const older = engineStored(cache, key(3), null);
    const broken = engineStored(cache, key(4));
    writeFileSync(join(broken, "result.json"), "{");
    cache.record(SWEEP);
    const entry = JSON.parse(readFileSync(join(mine, "entry.json"), "utf8"));
    expect(entry.fingerprint).toBe(SWEEP);
    expect(Object.keys(entry.manifest)).toEqual([
      "trial",
      "trial/metrics.json",
      "trial/outputs",
      "trial/outputs/model",
      "trial/outputs/model/model.pkl",
      "result.json",
    ]);
    expect(entry.manifest["trial/outputs/model/model.pkl"]).toMatchObject({ size: 8, mtimeMs: T * 1000 });
    for (const dir of [other, older, broken]) expect(readdirSync(dir).sort()).toEqual(["result.json", "trial"]);
  });

  it("never rewrites a recorded manifest (a later record cannot vouch for changed bytes)", () => {
    const cache = new TrialCache(cacheDir());
    const dir = engineStored(cache, key(1));
    cache.record(SWEEP);
    const first = readFileSync(join(dir, "entry.json"), "utf8");
    write(join(dir, "trial/metrics.json"), '{"accuracy": 0.1}');
    cache.record(SWEEP);
    expect(readFileSync(join(dir, "entry.json"), "utf8")).toBe(first);
    expect(cache.check(key(1), true)).toEqual({ ok: false, problem: "trial/metrics.json changed (same size, other bytes)" });
  });

  it("checks an entry against its manifest, cheaply or byte by byte", () => {
    const cache = new TrialCache(cacheDir());
    const dir = engineStored(cache, key(1));
    expect(cache.check(key(9))).toBeUndefined();
    expect(cache.check(key(1))).toEqual({ ok: false, problem: "entry.json is missing" });
    cache.record(SWEEP);
    const ok = cache.check(key(1));
    expect(ok?.ok && ok.value.fingerprint).toBe(SWEEP);
    expect(cache.check(key(1), true)?.ok).toBe(true);
    write(join(dir, "trial/outputs/model/extra.txt"), "x");
    expect(cache.check(key(1))?.ok).toBe(true);
    expect(cache.check(key(1), true)).toEqual({ ok: false, problem: "trial/outputs/model/extra.txt was added after the entry was stored" });
    rmSync(join(dir, "trial/outputs"), { recursive: true });
    expect(cache.check(key(1))).toEqual({ ok: false, problem: "trial/outputs is missing" });
  });

  it("names an entry.json that is not an entry, or cannot be read", () => {
    const cache = new TrialCache(cacheDir());
    const dir = engineStored(cache, key(1));
    writeFileSync(join(dir, "entry.json"), JSON.stringify({ fingerprint: "", manifest: {} }));
    const checked = cache.check(key(1));
    expect(checked?.ok === false && checked.problem).toMatch(/^entry\.json is not a trial cache entry \(.*fingerprint/);
    rmSync(join(dir, "entry.json"));
    mkdirSync(join(dir, "entry.json"));
    expect(cache.check(key(1))).toEqual({ ok: false, problem: "entry.json cannot be read (EISDIR)" });
  });

  it("tells the engine which of its sweep's entries to reuse and which are damaged, and why", () => {
    const cache = new TrialCache(cacheDir());
    const [good, gone, unrecorded] = [1, 2, 3].map((n) => engineStored(cache, key(n)));
    engineStored(cache, key(4), "another-sweep");
    cache.record(SWEEP);
    engineStored(cache, key(5), "another-sweep"); // unrecorded, not ours
    rmSync(join(gone as string, "trial/outputs/model/model.pkl"));
    rmSync(join(unrecorded as string, "entry.json"));
    rmSync(join(cache.root, key(4), "trial"), { recursive: true }); // damaged, but not ours
    expect(good).toBe(join(cache.root, key(1)));
    expect(cache.verdict(SWEEP)).toEqual({
      reusable: [key(1)],
      damaged: { [key(2)]: "trial/outputs/model/model.pkl is missing", [key(3)]: "entry.json is missing" },
    });
    expect(cache.verdict("nobody")).toEqual({ reusable: [], damaged: {} });
  });

  it("takes an entry's owner from its manifest, whatever its result says", () => {
    const cache = new TrialCache(cacheDir());
    const dir = engineStored(cache, key(1));
    cache.record(SWEEP);
    // An older engine's result (no fingerprint), same size and time: the quick check still passes.
    const size = readFileSync(join(dir, "result.json"), "utf8").length;
    write(join(dir, "result.json"), JSON.stringify({ status: "completed", params: { lr: 0.1 } }).padEnd(size));
    expect(cache.verdict(SWEEP)).toEqual({ reusable: [key(1)], damaged: {} });
  });

  it("evicts an entry (again: nothing to do), and refuses a key that would leave the cache", () => {
    const cache = new TrialCache(cacheDir());
    engineStored(cache, key(1));
    cache.evict(key(1));
    cache.evict(key(1));
    expect(cache.keys()).toEqual([]);
    expect(() => cache.evict("..")).toThrow("refusing trial cache entry '..': not a plain name");
    expect(() => cache.check("../x")).toThrow("refusing trial cache entry '../x': not a plain name");
  });
});

describe("sweepFingerprint", () => {
  it("is the step's trial base when there is one, else its key", () => {
    const ctx = { trialBases: new Map([["train", "base-of-train"]]) };
    expect(sweepFingerprint(ctx, "train")).toBe("base-of-train");
    expect(sweepFingerprint(ctx, "other")).toBe("other");
  });
});
