// A property over every official job YAML that imports: put a one-item list where Azure ML
// wants text (compute, type, mode, path, name, …), at every place such a key stands in the file,
// and `sluice import` must refuse it at a located line, never import it as the item's text (as
// `compute: [a]` once became "a") and never quote the item back as if it were the value.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isScalar, type Pair, parseDocument, Scalar, visit, YAMLSeq } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { isSluiceError } from "../packages/runtime/src/errors/sluice-error.ts";
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

/** The file's text with its `n`-th text field turned into a one-item list; the key and the item. */
function listAt(text: string, n: number): { text: string; key: string; item: string } | undefined {
  const doc = parseDocument(text, { version: "1.1" });
  let seen = 0;
  let found: { key: string; item: string } | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (!isText(pair as Pair)) return;
      if (seen++ !== n) return;
      const item = String((pair.value as Scalar).value);
      const list = new YAMLSeq();
      list.flow = true;
      list.items.push(new Scalar(item));
      pair.value = list;
      found = { key: String((pair.key as Scalar).value), item };
      return visit.BREAK;
    },
  });
  return found && { ...found, text: doc.toString() };
}

/** What importing `file` does: "imported", or the error (a SluiceError's message, or the foreign error itself). */
function attempt(file: string): "imported" | { message: string; located: boolean } | Error {
  try {
    importPipeline(file, join(dirname(file), "out.pipeline.ts"));
    return "imported";
  } catch (error) {
    return isSluiceError(error) ? { message: error.message, located: error.located !== undefined } : (error as Error);
  }
}

describe("a text field given a list, anywhere in an official job YAML", () => {
  it("is refused where it stands, never read as its item", () => {
    const problems: string[] = [];
    let tried = 0;
    for (const rel of jobYamls(join(ROOT, "jobs")).map((f) => `jobs/${f}`)) {
      const original = readFileSync(join(ROOT, rel), "utf8");
      const file = shadow(rel);
      writeFileSync(file, original);
      if (attempt(file) !== "imported") continue;
      for (let n = 0; ; n++) {
        const mutated = listAt(original, n);
        if (!mutated) break;
        writeFileSync(file, mutated.text);
        tried++;
        const r = attempt(file);
        const what = `${rel} ${mutated.key} #${n}`;
        if (r === "imported") problems.push(`${what}: imported`);
        else if (r instanceof Error) problems.push(`${what}: ${r.message}`);
        else if (!r.located && !r.message.includes("not an Azure ML job")) problems.push(`${what}: not located: ${r.message}`);
        else if (r.message.includes(`'${mutated.item}'`)) problems.push(`${what}: read as its item: ${r.message}`);
      }
    }
    expect(problems).toEqual([]);
    // Every official file that imports has such fields: the property is not vacuous.
    expect(tried).toBeGreaterThan(1000);
  });
});
