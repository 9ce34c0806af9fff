import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileSystemError } from "../../packages/runtime/src/errors/file-system-error.ts";
import { copyProject } from "../helpers/local-sandbox.ts";
import { runCli } from "../helpers/run-node.ts";

const project = copyProject("test/fixtures/local");
const root = mkdtempSync(join(tmpdir(), "sluice-os-"));
const mounts: string[] = [];

/** A tmpfs of its own (root only): read-only, or tiny and already full. */
function tmpfs(name: string, options: string): string | undefined {
  const dir = join(root, name);
  mkdirSync(dir);
  if (spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir]).status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}
const readOnly = tmpfs("ro", "ro,size=64k");
const full = tmpfs("full", "size=64k");
if (full) spawnSync("dd", ["if=/dev/zero", `of=${join(full, "filler")}`, "bs=4k"]);

afterAll(() => {
  for (const dir of mounts) spawnSync("umount", [dir]);
  rmSync(root, { recursive: true, force: true });
  project.cleanup();
});

function run(state: string, args = ["run", project.file("parallel.pipeline.ts")]) {
  const r = runCli(args, { env: { SLUICE_STATE_DIR: state, SLUICE_CACHE_DIR: join(state, "cache") } });
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return r;
}

describe("the operating system refuses", () => {
  it.skipIf(!readOnly)("a read-only state folder: one line naming it (not 'no such file'), exit 3", () => {
    const r = run(join(readOnly as string, "state"));
    expect([r.status, r.stderr.split("\n")[0]]).toEqual([3, `sluice: cannot write ${readOnly}/state: the file system is read-only`]);
    expect(r.stderr).toContain("hint: use a folder on a writable file system");
  });

  it.skipIf(!full)("a full disk: one line naming the file, exit 3, no Node crash dump", () => {
    const r = run(join(full as string, "state"));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^sluice: cannot write ${full}/state\\S*: no space left on the device\\n  hint: free space on that disk`, "m"));
    expect(r.stderr).not.toContain("Node.js v");
  });

  it("a symbolic-link loop in the state folder, the pipeline file or an output folder: one line, exit 2", () => {
    const a = join(root, "loop-a");
    const b = join(root, "loop-b");
    symlinkSync(b, a);
    symlinkSync(a, b);
    const loops = "a symbolic link on the path loops back on itself";
    const state = run(join(a, "state"));
    expect([state.status, state.stderr.split("\n")[0]]).toEqual([2, `sluice: cannot write ${a}/state: ${loops}`]);
    const file = run(join(root, "state"), ["run", a]);
    expect(file.status).toBe(2);
    expect(file.stderr).toContain(loops);
    const out = run(join(root, "state"), ["compile", project.file("parallel.pipeline.ts"), "--out", join(b, "out")]);
    expect([out.status, out.stderr.split("\n")[0]]).toEqual([2, `sluice: cannot write ${b}/out: ${loops}`]);
  });

  it("a file where a folder is expected stays a usage error naming the file", () => {
    const file = join(root, "a-file");
    writeFileSync(file, "x");
    const r = run(join(file, "state"));
    expect([r.status, r.stderr.split("\n")[0]]).toEqual([2, `sluice: cannot write ${file}: a part of the path is a file, not a folder`]);
  });

  it.skipIf(process.getuid?.() === 0)("a state folder without write permission: one line naming it, exit 3", () => {
    const locked = join(root, "locked");
    mkdirSync(locked, { mode: 0o500 });
    const r = run(join(locked, "state"));
    expect([r.status, r.stderr.split("\n")[0]]).toEqual([3, `sluice: cannot write ${locked}/state: permission denied`]);
  });

  it("permission errors (which root never meets) map to an environment error naming the path", () => {
    // Root bypasses file modes, so the errors Node raises are built here as Node builds them.
    const errno = (code: string, syscall: string, path?: string) =>
      Object.assign(new Error(`${code}: ${syscall}`), { code, errno: -13, syscall, ...(path ? { path } : {}) });
    expect(fileSystemError(errno("EACCES", "open", "/srv/x.json"))).toMatchObject({
      kind: "environment",
      message: "cannot write /srv/x.json: permission denied",
    });
    expect(fileSystemError(errno("EPERM", "unlink", "/srv/y"))).toMatchObject({ kind: "environment", message: "cannot write /srv/y: not permitted" });
    expect(fileSystemError(errno("EACCES", "scandir", "/srv"))?.message).toBe("cannot read /srv: permission denied");
    // Not about a file: a port, or a program that could not start, is left to its own message.
    expect(fileSystemError(errno("EACCES", "listen"))).toBeUndefined();
    expect(fileSystemError(errno("ENOENT", "spawn python3", "python3"))).toBeUndefined();
    expect(fileSystemError(errno("ENOSPC", "write"))).toMatchObject({ kind: "environment", message: "cannot write: no space left on the device" });
  });
});
