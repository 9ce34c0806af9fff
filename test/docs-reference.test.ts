// The DSL reference under docs/reference is generated from the TSDoc of @sluice/dsl's public API
// (`npm run docs`). This fails when it is stale, or when an export or option lacks its doc
// (typedoc.json treats a missing doc as an error).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/run-node.ts";

it("docs/reference is what `npm run docs` generates from the current sources", () => {
  const out = mkdtempSync(join(tmpdir(), "sluice-docs-"));
  try {
    const typedoc = join(REPO_ROOT, "node_modules/typedoc/bin/typedoc");
    const r = spawnSync(process.execPath, [typedoc, "--out", out], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(`${r.stdout}${r.stderr}`.trim(), "typedoc reported problems").toBe("");
    expect(r.status).toBe(0);
    const committed = join(REPO_ROOT, "docs/reference");
    expect(readdirSync(out).sort()).toEqual(readdirSync(committed).sort());
    for (const file of readdirSync(out)) {
      expect(readFileSync(join(committed, file), "utf8"), `docs/reference/${file} is stale: run npm run docs`).toBe(readFileSync(join(out, file), "utf8"));
    }
    // Every builder has an example in its own section.
    const sections = readFileSync(join(committed, "README.md"), "utf8").split(/\n#{2,3} /);
    for (const builder of [
      "pipeline",
      "pythonScriptStep",
      "autoMLStep",
      "registerModelStep",
      "outputFileDataset",
      "dataset",
      "webFiles",
      "localFiles",
      "pipelineParameter",
      "environment",
      "compute",
      "schedule",
      "component",
      "cmd",
    ]) {
      const section = sections.find((s) => s.startsWith(`${builder}()`));
      expect(section, builder).toContain("#### Example");
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

it("docs/diagnostics.md lists exactly the codes of DIAGNOSTIC_CODES (`npm run docs:diagnostics`)", async () => {
  const { DIAGNOSTICS_DOC, renderDiagnosticsDoc } = await import("../scripts/docs-diagnostics.ts");
  const current = readFileSync(DIAGNOSTICS_DOC, "utf8");
  expect(renderDiagnosticsDoc(current), "docs/diagnostics.md is stale: run npm run docs:diagnostics").toBe(current);
});

/** Words of a text, as stems (lower case, a plural `s` and everything past 5 letters dropped), minus filler. */
const FILLER = new Set("the and for with that this not when what which are was any every its their than then also only each from".split(" "));
const stems = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9_]+/)
      .filter((w) => w.length > 2 && !FILLER.has(w))
      .map((w) => w.replace(/s$/, "").slice(0, 5)),
  );

it("every diagnostic code the docs mention exists, and the text around it speaks of what the code means", async () => {
  const { DIAGNOSTIC_CODES } = await import("@sluice/dsl/ir");
  const table = DIAGNOSTIC_CODES as Record<string, { when: string }>;
  const wrong: string[] = [];
  for (const doc of ["docs/reference/README.md", "README.md", "docs/architecture.md"]) {
    const text = readFileSync(join(REPO_ROOT, doc), "utf8");
    for (const m of text.matchAll(/`?SL(\d{3})`?(…|[–-]SL(\d{3}))?/g)) {
      const [first, last] = [Number(m[1]), Number(m[3] ?? m[1])];
      for (let n = first; n <= last; n++) {
        const code = `SL${String(n).padStart(3, "0")}`;
        if (!table[code]) wrong.push(`${doc}: ${code} is not a diagnostic code`);
      }
      // A range or an example ("`SL001`…") names codes, not one meaning.
      if (m[2] !== undefined) continue;
      const code = `SL${m[1]}`;
      const around = stems(text.slice(Math.max(0, (m.index ?? 0) - 200), (m.index ?? 0) + 60));
      const meaning = [...stems(table[code]?.when ?? "")];
      if (table[code] && !meaning.some((w) => around.has(w))) wrong.push(`${doc}: ${code} is mentioned where nothing speaks of "${table[code]?.when}"`);
    }
  }
  expect(wrong).toEqual([]);
});

it("every option of every builder's options type is documented in the reference", async () => {
  const ts = (await import("typescript")).default;
  const entry = join(REPO_ROOT, "packages/dsl/src/index.ts");
  const program = ts.createProgram([entry], {
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    module: ts.ModuleKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
  });
  const checker = program.getTypeChecker();
  const exported = checker.getExportsOfModule(
    checker.getSymbolAtLocation(program.getSourceFile(entry) as import("typescript").SourceFile) as import("typescript").Symbol,
  );
  const reference = readFileSync(join(REPO_ROOT, "docs/reference/README.md"), "utf8");
  const sections = new Map(
    reference
      .split(/\n### /)
      .slice(1)
      .map((part) => [part.slice(0, part.indexOf("\n")).trim(), part] as const),
  );
  const rows = (text: string) => [...text.matchAll(/^\| <a id="property-[^"]+"><\/a> `(\w+)\??`/gm)].map((m) => m[1]);
  const undocumented: string[] = [];
  let checked = 0;
  for (const symbol of exported.filter((s) => s.name.endsWith("Options"))) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (!(target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) continue;
    const options = checker.getPropertiesOfType(checker.getApparentType(checker.getDeclaredTypeOfSymbol(target))).map((p) => p.name);
    const own = sections.get(symbol.name);
    if (!own) {
      undocumented.push(`${symbol.name}: no section`);
      continue;
    }
    // Its own property table, the tables of the types its declaration and description name, and options named in its prose.
    const head = own.split("\n#### ")[0] ?? "";
    const named = [...sections.keys()].filter((k) => k !== symbol.name && new RegExp(`\\b${k}\\b`).test(head));
    const documented = new Set([own, ...named.map((k) => sections.get(k) ?? "")].flatMap(rows));
    for (const option of options)
      if (!documented.has(option) && !head.replace(/```[\s\S]*?```/g, "").includes(`\`${option}\``)) undocumented.push(`${symbol.name}.${option}`);
    checked += 1;
  }
  expect(checked).toBeGreaterThan(20);
  expect(undocumented).toEqual([]);
}, 60_000);
