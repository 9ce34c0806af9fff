import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinWords } from "../../compiler/src/lower/shell-words.ts";
import { needsShell, parseCommand, resolveOptional, shellScript, substitute } from "../src/backends/local/command-line.ts";

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

describe("commands that need a shell", () => {
  it.each([
    ["echo hi > ${{outputs.o}}/f.txt", true],
    ["a | b", true],
    ["a; b", true],
    ["echo $HOME", true],
    ['echo "$HOME"', true],
    ["source venv/bin/activate && python x.py", true],
    [". ./env.sh && python x.py", true],
    ["cd src && python x.py", true],
    ["python x.py --a ${{inputs.a}} && python y.py", false],
    ["python -c 'import sys; print(1 > 0)'", false],
    ["'open", false],
  ])("%s needs one: %s", (command, expected) => {
    expect(needsShell(command)).toBe(expected);
  });

  const evil = "a  b; touch pwned $(touch pwned) `touch pwned` ' \" \\ $HOME";
  const bash = (script: string, variables: Record<string, string>) =>
    spawnSync("bash", ["-c", script], { encoding: "utf8", env: { ...process.env, ...variables, HOME: "/home-of-nobody" } });

  it.each([
    ["bare", "printf '%s|' ${{inputs.v}}"],
    ["inside double quotes", "printf '%s|' \"x ${{inputs.v}} y\""],
    ["inside single quotes", "printf '%s|' 'x ${{inputs.v}} y'"],
  ])("reads a value %s as one word, verbatim, never as shell syntax", (where, command) => {
    const { script, variables } = shellScript(command, { inputs: { v: evil }, outputs: {} });
    expect(variables).toEqual({ SLUICE_INPUTS_v: evil });
    const run = bash(script, variables);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(where === "bare" ? `${evil}|` : `x ${evil} y|`);
  });

  it("leaves the command's own shell syntax to bash, and fills outputs as inputs", () => {
    const { script, variables } = shellScript('echo "$GREETING \\"${{inputs.v}}\\"" > ${{outputs.o}}/g.txt', { inputs: { v: "1" }, outputs: { o: "/tmp/o" } });
    expect(script).toBe('echo "$GREETING \\"${SLUICE_INPUTS_v}\\"" > "${SLUICE_OUTPUTS_o}"/g.txt');
    expect(variables).toEqual({ SLUICE_INPUTS_v: "1", SLUICE_OUTPUTS_o: "/tmp/o" });
    expect(bash(script.replace(/ > .*/, ""), { ...variables, GREETING: "hi" }).stdout).toBe('hi "1"\n');
  });

  it("refuses a placeholder the step does not have", () => {
    expect(() => shellScript("echo ${{inputs.nope}} > f", { inputs: {}, outputs: {} })).toThrow(/uses \$\{\{inputs\.nope\}\}, which the step does not have/);
  });
});
