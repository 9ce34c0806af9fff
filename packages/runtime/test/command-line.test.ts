import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinWords } from "../../compiler/src/lower/shell-words.ts";
import { parseCommand, resolveOptional, substitute } from "../src/backends/local/command-line.ts";

describe("local command lines", () => {
  it("splits the compiled dataprep command into two argv lists", () => {
    const cmd = `python dataprep.py --titanic \${{inputs.titanic_ds}} --output_path \${{outputs.output_path}} && python -c 'import os,sys;p=os.path.join(sys.argv[1],"MLTable")' \${{outputs.output_path}} 'paths:\n- pattern: "./*.csv"\n'`;
    expect(parseCommand(cmd)).toEqual([
      ["python", "dataprep.py", "--titanic", "${{inputs.titanic_ds}}", "--output_path", "${{outputs.output_path}}"],
      ["python", "-c", 'import os,sys;p=os.path.join(sys.argv[1],"MLTable")', "${{outputs.output_path}}", 'paths:\n- pattern: "./*.csv"\n'],
    ]);
  });

  it("reads back exactly what the compiler quoted, for any words", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1 }).filter((w) => !w.startsWith("${{")),
          { minLength: 1, maxLength: 6 },
        ),
        (words) => {
          expect(parseCommand(joinWords(words))).toEqual([words]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("substitutes values inside words without re-parsing them (no injection)", () => {
    const evil = "a b; rm -rf ~ $(x) `y` && echo pwned";
    const [argv] = substitute(parseCommand("python s.py --name ${{inputs.name}} --out=${{outputs.o}}"), { inputs: { name: evil }, outputs: { o: "/tmp/o" } });
    expect(argv).toEqual(["python", "s.py", "--name", evil, "--out=/tmp/o"]);
    const echoed = spawnSync("/bin/echo", (argv as string[]).slice(3, 4), { encoding: "utf8" });
    expect(echoed.stdout).toBe(`${evil}\n`);
  });

  it("refuses shell syntax it does not implement, and unknown placeholders", () => {
    for (const bad of ["a | b", "a; b", "a > f", "echo $(x)", "echo $HOME", "a && && b", "'open"]) {
      expect(() => parseCommand(bad), bad).toThrow();
    }
    expect(() => substitute(parseCommand("x ${{inputs.nope}}"), { inputs: {}, outputs: {} })).toThrow(/does not have/);
  });
});

describe("optional command segments ($[[…]])", () => {
  it("keep their text when every input they name is given, and disappear otherwise", () => {
    const command = "python t.py $[[--lr ${{inputs.lr}}]] $[[--a ${{inputs.a}} --b ${{inputs.b}}]] --out ${{outputs.o}}";
    expect(resolveOptional(command, new Set(["lr", "a", "b"]))).toBe(
      "python t.py --lr ${{inputs.lr}} --a ${{inputs.a}} --b ${{inputs.b}} --out ${{outputs.o}}",
    );
    expect(resolveOptional(command, new Set(["a"]))).toBe("python t.py   --out ${{outputs.o}}");
    expect(resolveOptional("python t.py", new Set())).toBe("python t.py");
  });
});
