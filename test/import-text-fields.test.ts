// A property over every official job YAML that imports: put a value of the wrong shape where
// Azure ML wants text (compute, type, mode, path, name, …) or a mapping (jobs, inputs, outputs,
// settings, …), at every place such a key stands in the file, and `sluice import` must refuse it
// at a located line: never import a list as its item's text (as `compute: [a]` once became "a"),
// never read `jobs: x` as a pipeline without jobs, never quote the item back as if it were the value.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isMap, isScalar, type Pair, parseDocument, Scalar, visit, YAMLSeq } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { isSluiceError } from "../packages/runtime/src/errors/sluice-error.ts";
import { readComponentYaml } from "../packages/runtime/src/import/component-yaml.ts";
import { importPipeline } from "../packages/runtime/src/import/import-pipeline.ts";
import { jobYamls } from "./helpers/census.ts";
import { SHARED_DIR } from "./helpers/run-node.ts";

const ROOT = join(SHARED_DIR, "corpus/azureml-examples/cli");
const TEXT_KEYS = new Set(["display_name", "description", "experiment_name", "compute", "type", "mode", "command", "code", "name", "path", "datastore"]);
const work = mkdtempSync(join(tmpdir(), "sluice-text-fields-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the corpus where only `rel` is a real file: every folder on its path is real, everything else a link. */
function shadow(rel: string): string {
  rmSync(join(work, "cli"), { recursive: true, force: true });
  const parts = rel.split("/");
  let src = ROOT;
  let dst = join(work, "cli");
  mkdirSync(dst, { recursive: true });
  for (const [i, part] of parts.entries()) {
    for (const entry of readdirSync(src)) if (entry !== part) symlinkSync(join(src, entry), join(dst, entry));
    if (i === parts.length - 1) break;
    src = join(src, part);
    dst = join(dst, part);
    mkdirSync(dst);
  }
  return join(work, "cli", rel);
}

const isText = (p: Pair) => isScalar(p.key) && TEXT_KEYS.has(String(p.key.value)) && isScalar(p.value) && typeof p.value.value === "string";
const isMapping = (p: Pair) => isScalar(p.key) && isMap(p.value) && p.value.items.length > 0;
/** Keys that hold settings (a mapping) wherever they stand: a plain text there is no more valid than a list. */
const SETTINGS_KEYS = new Set(["jobs", "inputs", "outputs", "settings", "limits", "environment_variables", "retry_settings", "featurization", "training"]);
const isSettings = (p: Pair) => isMapping(p) && SETTINGS_KEYS.has(String((p.key as Scalar).value));

const oneItemList = (item: string) => {
  const list = new YAMLSeq();
  list.flow = true;
  list.items.push(new Scalar(item));
  return list;
};

/** The file's text with the `n`-th pair that `select` picks given the value `replace` makes of it; the key and the old text. */
function mutated(
  text: string,
  n: number,
  select: (p: Pair) => boolean,
  replace: (p: Pair) => unknown,
): { text: string; key: string; item: string } | undefined {
  const doc = parseDocument(text, { version: "1.1" });
  let seen = 0;
  let found: { key: string; item: string } | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (!select(pair as Pair) || seen++ !== n) return;
      found = { key: String((pair.key as Scalar).value), item: isScalar(pair.value) ? String(pair.value.value) : "\u0000" };
      pair.value = replace(pair as Pair);
      return visit.BREAK;
    },
  });
  return found && { ...found, text: doc.toString() };
}

/** What reading `file` does: "read", or the error (a SluiceError's message, or the foreign error itself). */
function attempt(read: (file: string) => unknown, file: string): "read" | { message: string; located: boolean } | Error {
  try {
    read(file);
    return "read";
  } catch (error) {
    return isSluiceError(error) ? { message: error.message, located: error.located !== undefined } : (error as Error);
  }
}

const importJob = (file: string) => importPipeline(file, join(dirname(file), "out.pipeline.ts"));
const JOB_FILES = jobYamls(join(ROOT, "jobs")).map((f) => `jobs/${f}`);
/** Every component YAML of the corpus (the ones pipelines name, and the standalone ones under assets and endpoints). */
const COMPONENT_FILES = readdirSync(ROOT, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.ya?ml$/.test(f))
  .filter((f) => /^\$schema:.*Component\.schema\.json/m.test(readFileSync(join(ROOT, f), "utf8")))
  .sort();

/** Every such mutation of every file that `read` takes unchanged: what went wrong, and how many were tried. */
function property(
  files: readonly string[],
  read: (file: string) => unknown,
  select: (p: Pair) => boolean,
  replace: (p: Pair) => unknown,
): { problems: string[]; tried: number } {
  const problems: string[] = [];
  let tried = 0;
  for (const rel of files) {
    const original = readFileSync(join(ROOT, rel), "utf8");
    const file = shadow(rel);
    writeFileSync(file, original);
    if (attempt(read, file) !== "read") continue;
    for (let n = 0; ; n++) {
      const m = mutated(original, n, select, replace);
      if (!m) break;
      writeFileSync(file, m.text);
      tried++;
      const r = attempt(read, file);
      const what = `${rel} ${m.key} #${n}`;
      if (r === "read") problems.push(`${what}: taken`);
      else if (r instanceof Error) problems.push(`${what}: ${r.message}`);
      else if (!r.located && !r.message.includes("not an Azure ML job")) problems.push(`${what}: not located: ${r.message}`);
      else if (r.message.includes(`'${m.item}'`)) problems.push(`${what}: read as its item: ${r.message}`);
    }
  }
  return { problems, tried };
}

describe("a value of the wrong shape, anywhere in an official job YAML, is refused where it stands", () => {
  it("a text field given a list: never read as its item", () => {
    const { problems, tried } = property(JOB_FILES, importJob, isText, (p) => oneItemList(String((p.value as Scalar).value)));
    expect(problems).toEqual([]);
    // Every official file that imports has such fields: the property is not vacuous.
    expect(tried).toBeGreaterThan(1000);
  });

  it("a mapping given a list: never read as an empty mapping", () => {
    // AutoML's search_space is a list of mappings: a mapping inside it becoming a list is a real mistake too.
    const { problems, tried } = property(JOB_FILES, importJob, isMapping, () => oneItemList("x"));
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThan(800);
  });

  it("settings given as text: never read as none", () => {
    const { problems, tried } = property(JOB_FILES, importJob, isSettings, () => new Scalar("x"));
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThan(300);
  });
});

describe("a value of the wrong shape in an official component YAML, as loadComponent reads it", () => {
  const isComponentText = (p: Pair) => isText(p) || (isScalar(p.key) && p.key.value === "version" && isScalar(p.value));
  it("a text field or version given a list", () => {
    const { problems, tried } = property(COMPONENT_FILES, readComponentYaml, isComponentText, (p) => oneItemList(String((p.value as Scalar).value)));
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThan(500);
  });

  it("a mapping (an input's or output's declaration among them) given a list", () => {
    const { problems, tried } = property(COMPONENT_FILES, readComponentYaml, isMapping, () => oneItemList("x"));
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThan(300);
  });
});
