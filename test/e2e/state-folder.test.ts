import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileSystemError } from "../../packages/runtime/src/errors/file-system-error.ts";
import { writeFileAtomic } from "../../packages/runtime/src/fs/atomic-write.ts";
import { copyProject } from "../helpers/local-sandbox.ts";
import { REPO_ROOT, SHARED_DIR } from "../helpers/run-node.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-state-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The CLI with a time limit: a command that loops is killed and fails the test instead of hanging it. */
function sluice(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  const r = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", `${REPO_ROOT}/packages/runtime/src/cli/main.ts`, ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: options.timeout ?? 15_000,
    killSignal: "SIGKILL",
  });
  expect(r.signal, `sluice ${args.join(" ")} was killed after its time limit`).toBeNull();
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, first: r.stderr.split("\n")[0] };
}

describe("folders the file system will not create", () => {
  it.each(["/proc/x", "/proc/x/y"])("sluice init %s ends at once: one line naming /proc/x, exit 3", (target) => {
    const r = sluice(["init", target]);
    expect([r.status, r.first]).toEqual([3, "sluice: cannot create /proc/x: the filesystem there does not allow it"]);
    expect(r.stdout).toBe("");
  });

  it("sluice init /sys/x ends at once: one line naming /sys/x, exit 3", () => {
    const r = sluice(["init", "/sys/x"]);
    expect(r.status).toBe(3);
    expect(r.first).toMatch(/^sluice: cannot (create|write) \/sys\/x: /);
  });

  it("a .sluice link to nothing is named as such, not as a file system that refuses folders", () => {
    const project = join(root, "dangling");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), "{}");
    symlinkSync(join(root, "gone"), join(project, ".sluice"));
    const r = sluice(["run", `${REPO_ROOT}/test/fixtures/local/parallel.pipeline.ts`], {
      env: { SLUICE_STATE_DIR: join(project, ".sluice"), SLUICE_CACHE_DIR: join(root, "dangling-cache") },
      timeout: 45_000,
    });
    expect([r.status, r.first]).toEqual([2, `sluice: cannot write ${project}/.sluice: it is a symbolic link to something that does not exist`]);
  });

  it("a state folder under /proc: sluice run ends with the same line, exit 3", () => {
    const file = `${REPO_ROOT}/test/fixtures/local/parallel.pipeline.ts`;
    const r = sluice(["run", file], { env: { SLUICE_STATE_DIR: "/proc/x/state", SLUICE_CACHE_DIR: "/proc/x/cache" }, timeout: 45_000 });
    expect([r.status, r.first]).toEqual([3, "sluice: cannot create /proc/x: the filesystem there does not allow it"]);
  });
});

describe("an output path that is the wrong kind of thing is named as given", () => {
  it("sluice report --out <folder>: names the folder, suggests a file in it, exit 2", () => {
    const state = join(root, "report-state");
    for (const out of [tmpdir(), `${tmpdir()}/`]) {
      const r = sluice(["report", "latest", "--out", out], { env: { SLUICE_STATE_DIR: state } });
      expect([r.status, r.first]).toEqual([2, `sluice: cannot write ${out}: it is a folder`]);
      expect(r.stderr).toContain(`hint: give a file path, like ${join(tmpdir(), "report.html")}`);
    }
  });

  it("an atomic write over a folder names that folder, not the root its temporary file sat in", () => {
    const folder = join(root, "a-folder");
    mkdirSync(folder);
    let error: unknown;
    try {
      writeFileAtomic(folder, "x");
    } catch (e) {
      error = e;
    }
    expect(fileSystemError(error)).toMatchObject({ kind: "usage", message: `cannot write ${folder}: it is a folder` });
  });

  it("sluice outputs --download under /proc or onto a file: ends at once, one line naming the path", () => {
    const env = { SLUICE_STATE_DIR: join(root, "dl-state"), SLUICE_CACHE_DIR: join(root, "dl-cache"), SLEEP: "0" };
    expect(sluice(["run", `${REPO_ROOT}/test/fixtures/local/parallel.pipeline.ts`], { env, timeout: 45_000 }).status).toBe(0);
    for (const args of [
      ["--download", "/proc/x"],
      ["a", "--download", "/proc/x/y"],
    ]) {
      const r = sluice(["outputs", "latest", ...args], { env });
      expect([r.status, r.first]).toEqual([3, "sluice: cannot create /proc/x: the filesystem there does not allow it"]);
    }
    const file = join(root, "download-file");
    writeFileSync(file, "x");
    const r = sluice(["outputs", "latest", "--download", file], { env });
    expect([r.status, r.first]).toEqual([2, `sluice: --download ${file} is a file: give a folder`]);
  });

  it("sluice compile --out <file>: names the file given, exit 2", () => {
    const file = join(root, "not-a-folder");
    writeFileSync(file, "x");
    const r = sluice(["compile", `${REPO_ROOT}/test/fixtures/local/parallel.pipeline.ts`, "--out", file], { timeout: 45_000 });
    expect([r.status, r.first]).toEqual([2, `sluice: --out ${file} is a file: give a folder`]);
  });
});

describe("a file where the .sluice state folder belongs", () => {
  const project = copyProject("test/fixtures/serving");
  writeFileSync(join(project.dir, "sluice.config.json"), JSON.stringify({ inputs: { iris_csv: `${SHARED_DIR}/data/iris.csv` } }));
  afterAll(() => project.cleanup());
  const refusal = `sluice: ${project.dir}/.sluice is a file, not Sluice's state folder`;
  const commands = [
    ["runs"],
    ["gc"],
    ["ui"],
    ["run", "serving.pipeline.ts"],
    ["logs", "latest", "train"],
    ["models", "list"],
    ["serve", "serving.pipeline.ts"],
    ["outputs", "latest"],
    ["report", "latest", "--out", "r.html"],
  ];

  it.each(commands)("sluice %s refuses in one line with the hint, exit 2", (...args) => {
    writeFileSync(join(project.dir, ".sluice"), "hi\n");
    const r = sluice(args, { cwd: project.dir, env: { SLUICE_STATE_DIR: "", SLUICE_CACHE_DIR: "" }, timeout: 45_000 });
    expect([r.status, r.first]).toEqual([2, refusal]);
    expect(r.stderr).toContain("hint: move it away; Sluice keeps runs there (or set SLUICE_STATE_DIR)");
  });

  it("SLUICE_STATE_DIR naming a file is refused the same way", () => {
    const file = join(root, "state-file");
    writeFileSync(file, "hi\n");
    const r = sluice(["runs"], { cwd: project.dir, env: { SLUICE_STATE_DIR: file } });
    expect([r.status, r.first]).toEqual([2, `sluice: ${file} is a file, not Sluice's state folder`]);
    expect(r.stderr).toContain("hint: move it away, or point SLUICE_STATE_DIR at a folder");
  });

  it("a missing .sluice is no runs yet, not a refusal", () => {
    rmSync(join(project.dir, ".sluice"), { force: true });
    const r = sluice(["runs"], { cwd: project.dir, env: { SLUICE_STATE_DIR: "", SLUICE_CACHE_DIR: "" } });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain("is a file");
  });
});
