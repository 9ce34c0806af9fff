// Why a step runs again, named from the first difference between two sets of step facts, and the
// order steps start in. Each row is one difference; the text is what `sluice plan` shows users.
import { describe, expect, it } from "vitest";
import { explainChange, fingerprintOf, type StepFacts } from "../src/backends/local/fingerprint.ts";
import { topologicalOrder } from "../src/backends/local/planning.ts";
import type { LocalNode } from "../src/backends/local/local-nodes.ts";

const base: StepFacts = {
  kind: "command",
  command: "python prep.py",
  environment: "env:1",
  code: {
    sha256: "c0",
    path: "./src",
    files: [
      { path: "prep.py", sha256: "p0" },
      { path: "util.py", sha256: "u0" },
    ],
  },
  literals: { n: { value: "3", parameter: "n" }, flag: { value: "True" } },
  data: { raw: { input: "raw", sha256: "d0" } },
  upstream: { train: { node: "prep", step: "prep", output: "out", sha256: "f0" } },
  outputs: ["out"],
  python: { version: "3.11.2", packages: { pandas: "2.1.0", sklearn: "scikit-learn 1.4.0" } },
};

type Edit = (f: StepFacts) => void;
const changed = (edit: Edit, prevEdit: Edit = () => {}) => {
  const prev = structuredClone(base);
  prevEdit(prev);
  const cur = structuredClone(base);
  edit(cur);
  return explainChange(prev, cur);
};
const code = (f: StepFacts) => f.code as NonNullable<StepFacts["code"]>;
type Code = ReturnType<typeof code>;
/** An edit of the code: a new content hash, plus what else changed. */
const recode =
  (more: (c: Code) => void): Edit =>
  (f) => {
    code(f).sha256 = "c1";
    more(code(f));
  };

describe("explainChange", () => {
  it.each<[string, Edit, string]>([
    ["nothing", () => {}, "outputs changed"],
    ["reuse disabled", (f) => (f.nonce = "x"), "reuse disabled (allowReuse: false)"],
    [
      "an edited file",
      recode((c) => {
        (c.files[1] as { sha256: string }).sha256 = "u1";
      }),
      "src/util.py changed",
    ],
    [
      "an added file",
      recode((c) => {
        c.files.push({ path: "new.py", sha256: "n" });
      }),
      "src/new.py added",
    ],
    [
      "a removed file",
      recode((c) => {
        c.files.pop();
      }),
      "src/util.py removed",
    ],
    [
      "a code folder at the root",
      recode((c) => {
        c.path = ".";
        c.files.pop();
      }),
      "util.py removed",
    ],
    [
      "a code folder with a trailing slash",
      recode((c) => {
        c.path = "src/";
        c.files.pop();
      }),
      "src/util.py removed",
    ],
    [
      "a code folder under ./",
      recode((c) => {
        c.path = "./a/b";
        c.files.pop();
      }),
      "a/b/util.py removed",
    ],
    [
      "a code folder ../",
      recode((c) => {
        c.path = "../x";
        c.files.pop();
      }),
      "../x/util.py removed",
    ],
    ["a hash alone", (f) => (code(f).sha256 = "c1"), "code in ./src changed"],
    ["the command", (f) => (f.command = "python other.py"), "command changed"],
    ["the environment", (f) => (f.environment = "env:2"), "environment changed to env:2"],
    ["the interpreter", (f) => ((f.python as { version: string }).version = "3.12.0"), "Python 3.11.2 → 3.12.0"],
    ["no interpreter now", (f) => delete f.python, "Python 3.11.2 → unknown"],
    [
      "a package upgrade",
      (f) => ((f.python as { packages: Record<string, string> }).packages.sklearn = "scikit-learn 1.5.0"),
      "Python package for 'sklearn' changed: scikit-learn 1.4.0 → scikit-learn 1.5.0",
    ],
    ["a new import", (f) => ((f.python as { packages: Record<string, string> }).packages.aaa = "aaa 1"), "Python package for 'aaa' changed: none → aaa 1"],
    ["a dropped import", (f) => delete (f.python as { packages: Record<string, string> }).packages.pandas, "Python package for 'pandas' changed: 2.1.0 → none"],
    ["an AutoML setting", (f) => (f.settings = { maxTrials: 5 }), "AutoML setting 'maxTrials' changed"],
    ["an upstream output", (f) => ((f.upstream.train as { sha256: string }).sha256 = "f1"), "upstream prep output changed"],
    ["an upstream gone", (f) => delete f.upstream.train, "upstream prep output changed"],
    ["input data", (f) => ((f.data.raw as { sha256: string }).sha256 = "d1"), "input raw content changed"],
    ["input data gone", (f) => delete f.data.raw, "input raw content changed"],
    ["a parameter value", (f) => ((f.literals.n as { value: string }).value = "4"), "parameter n changed"],
    ["a literal", (f) => ((f.literals.flag as { value: string }).value = "False"), "input flag changed"],
    ["the outputs", (f) => f.outputs.push("more"), "outputs changed"],
  ])("%s", (_, edit, reason) => {
    expect(changed(edit)).toBe(reason);
  });

  it("names an interpreter that was unknown before", () => {
    expect(
      changed(
        () => {},
        (p) => delete p.python,
      ),
    ).toBe("Python unknown → 3.11.2");
    expect(
      changed(
        () => {},
        (p) => delete (p.python as { packages: Record<string, string> }).packages.pandas,
      ),
    ).toBe("Python package for 'pandas' changed: none → 2.1.0");
  });

  it("names the first difference in sorted order, whatever the key order", () => {
    const twoPackages = (f: StepFacts) => {
      f.python = { version: "3.11.2", packages: { zz: "2", aa: "2" } };
    };
    expect(changed(twoPackages, (p) => (p.python = { version: "3.11.2", packages: { zz: "1", aa: "1" } }))).toBe("Python package for 'aa' changed: 1 → 2");
  });

  it("checks the code before the command, and the command only when the code is the same", () => {
    expect(
      changed((f) => {
        f.command = "x";
        recode((c) => c.files.pop())(f);
      }),
    ).toBe("src/util.py removed");
    expect(
      changed((f) => {
        f.command = "x";
        delete f.code;
      }),
    ).toBe("command changed");
    expect(
      changed(
        (f) => (f.command = "x"),
        (p) => delete p.code,
      ),
    ).toBe("command changed");
  });

  it("fingerprints everything but where the code lives", () => {
    const fp = fingerprintOf(base);
    const moved = structuredClone(base);
    code(moved).path = "./elsewhere";
    code(moved).files = [];
    expect(fingerprintOf(moved)).toBe(fp);
    for (const edit of [(f: StepFacts) => (code(f).sha256 = "c1"), (f: StepFacts) => (f.outputs = []), (f: StepFacts) => (f.nonce = "n")]) {
      const other = structuredClone(base);
      edit(other);
      expect(fingerprintOf(other)).not.toBe(fp);
    }
    const noCode = structuredClone(base);
    delete noCode.code;
    expect(fingerprintOf(noCode)).not.toBe(fp);
  });
});

describe("topologicalOrder", () => {
  const node = (key: string, dependsOn: string[]) => ({ key, name: key, dependsOn }) as unknown as LocalNode;
  const keys = (nodes: LocalNode[]) => topologicalOrder(nodes).map((n) => n.key);

  it("puts every node after what it reads, keeping the given order otherwise", () => {
    expect(keys([node("c", ["b"]), node("b", ["a"]), node("a", [])])).toEqual(["a", "b", "c"]);
    expect(keys([node("x", []), node("y", []), node("z", ["x"])])).toEqual(["x", "y", "z"]);
    expect(keys([node("d", ["a", "c"]), node("c", ["a"]), node("a", []), node("b", [])])).toEqual(["a", "b", "c", "d"]);
  });

  it("ignores dependencies on nodes outside the list", () => {
    expect(keys([node("b", ["outside"]), node("a", [])])).toEqual(["b", "a"]);
  });

  it("refuses a cycle", () => {
    expect(() => topologicalOrder([node("a", ["b"]), node("b", ["a"]), node("c", [])])).toThrow("the compiled pipeline has a cycle");
    expect(topologicalOrder([])).toEqual([]);
  });
});
