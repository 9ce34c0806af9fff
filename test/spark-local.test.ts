// Spark steps run on this machine the way Azure starts them: the PySpark entry file, run by the
// project's Python, with the job's configuration and shipped files as `spark-submit` settings
// (`PYSPARK_SUBMIT_ARGS`) and its py_files importable. Without `pyspark` the run is refused
// before any step starts, saying which step needs it; a JVM entry class is refused likewise. A
// stand-in `pyspark` package (a folder on PYTHONPATH) lets the launch itself be tested here.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/local");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});

mkdirSync(project.file("spark"));
writeFileSync(
  project.file("spark/count.py"),
  `import argparse, os, sys
import pyspark  # noqa: F401 - the job needs Spark
import helpers
p = argparse.ArgumentParser()
p.add_argument("--rows", type=int)
p.add_argument("--out")
a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
with open(os.path.join(a.out, "result.txt"), "w") as f:
    f.write(f"{helpers.double(a.rows)}\\n{os.environ['PYSPARK_SUBMIT_ARGS']}\\n")
`,
);
writeFileSync(project.file("spark/helpers.py"), "def double(n):\n    return 2 * n\n");

const pipelineFile = (entry: string) =>
  `import { cmd, output, pipeline, sparkStep } from "@sluice/dsl";

export default pipeline({ name: "spark_local" }, () => {
  const counted = sparkStep({
    name: "count",
    code: "./spark",
    entry: ${entry},
    jars: ["extra.jar"],
    inputs: { rows: 21 },
    outputs: { out: output.uriFolder() },
    args: ({ inputs, outputs }) => cmd\`--rows \${inputs.rows} --out \${outputs.out}\`,
    conf: { "spark.driver.cores": 1, "spark.driver.memory": "1g", "spark.executor.cores": 1, "spark.executor.memory": "1g", "spark.executor.instances": 1 },
    resources: { instanceType: "standard_e4s_v3", runtimeVersion: "3.4" },
  });
  return { out: counted.outputs.out };
});
`;
writeFileSync(project.file("spark.pipeline.ts"), pipelineFile('{ file: "count.py" }'));
writeFileSync(project.file("jvm.pipeline.ts"), pipelineFile('{ className: "org.example.Count" }'));
// A stand-in for pyspark: importable, nothing more.
const stub = join(box.root, "stub");
mkdirSync(join(stub, "pyspark"), { recursive: true });
writeFileSync(join(stub, "pyspark", "__init__.py"), "");

describe("a Spark step run locally", () => {
  it("without pyspark, is refused before any step starts, naming the step and the module", () => {
    const r = box.sluice(["run", project.file("spark.pipeline.ts")]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/step 'count' needs pyspark, which no Python here has/);
    expect(r.stderr).toMatch(/hint: .*pyspark/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(box.runs().every((run) => run.steps.every((s) => s.status !== "completed"))).toBe(true);
  });

  it("with pyspark importable, runs the entry file with the job's settings as spark-submit's", () => {
    const r = box.sluice(["run", project.file("spark.pipeline.ts")], { PYTHONPATH: stub });
    expect(r.status, r.stderr).toBe(0);
    const run = box.runs()[0];
    expect(run?.steps.map((s) => [s.name, s.status])).toEqual([["count", "completed"]]);
    const result = readdirSync(box.root, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith("result.txt"));
    const [doubled, submit] = readFileSync(join(box.root, result ?? "missing"), "utf8").split("\n");
    expect(doubled).toBe("42");
    expect(submit).toMatch(/^--conf spark\.driver\.cores=1 --conf spark\.driver\.memory=1g .*--jars \/\S+\/code\/extra\.jar pyspark-shell$/);
  });

  it("starting a JVM class, is refused before it starts: only Azure's Spark runs one", () => {
    const r = box.sluice(["run", project.file("jvm.pipeline.ts")], { PYTHONPATH: stub });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Spark step 'count' starts the JVM class org.example.Count, which only Azure's Spark runs");
    expect(r.stderr).toMatch(/hint: run this pipeline on Azure ML/);
  });
});
