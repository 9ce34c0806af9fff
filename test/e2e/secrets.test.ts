import { spawn } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redact } from "../../packages/runtime/src/errors/redact.ts";
import { copyProject, sandbox } from "../helpers/local-sandbox.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const SECRET = "c2VjcmV0LXNpZ25hdHVyZQ%3D%3D";
const project = copyProject("test/fixtures/local");
const server = createServer((req, res) => {
  if (req.url?.startsWith("/data.csv")) res.end("a,b\n1,2\n");
  else res.writeHead(403).end("AuthenticationFailed");
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  project.cleanup();
});

const sas = (path: string) => `${base}/${path}?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig=${SECRET}`;

/** `sluice run --json` in a child process (the loopback server lives in this one, so no spawnSync). */
function runAsync(env: Record<string, string>, pipeline = "web.pipeline.ts"): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "run", project.file(pipeline), "--json"],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe("secrets never leave the process", () => {
  it("a URL input that fails to download is shown with its SAS redacted, on stderr and with --json", async () => {
    const box = sandbox();
    const r = await runAsync({ ...box.env, DATA_URL: sas("denied.csv") });
    expect(r.status).toBe(3);
    expect(r.stderr.split("\n")[0]).toBe(
      `sluice: data input 'web_data' could not be downloaded from ${base}/denied.csv?sv=REDACTED&ss=REDACTED&srt=REDACTED&sp=REDACTED&se=REDACTED&st=REDACTED&spr=REDACTED&sig=REDACTED (HTTP 403)`,
    );
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    box.cleanup();
  });

  it("a downloaded URL is cached under a hash of it, owner-only, and no file Sluice writes holds the token", async () => {
    const box = sandbox();
    const r = await runAsync({ ...box.env, DATA_URL: sas("data.csv") });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const urls = join(box.env.SLUICE_CACHE_DIR, "data", "urls");
    const [index] = readdirSync(urls);
    expect(index).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(statSync(join(urls, index as string)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(urls, index as string), "utf8")).url).toContain("sig=REDACTED");
    const leaks = [...filesUnder(box.env.SLUICE_CACHE_DIR), ...filesUnder(box.env.SLUICE_STATE_DIR)].filter((f) => readFileSync(f).includes(SECRET));
    expect(leaks).toEqual([]);
    expect(r.stdout).not.toContain(SECRET);
    box.cleanup();
  });

  it("an index an older Sluice left (readable by all, the token in plain text) is rewritten owner-only on next use", async () => {
    const box = sandbox();
    const url = sas("data.csv");
    expect((await runAsync({ ...box.env, DATA_URL: url })).status).toBe(0);
    const urls = join(box.env.SLUICE_CACHE_DIR, "data", "urls");
    const index = join(urls, readdirSync(urls)[0] as string);
    const entry = JSON.parse(readFileSync(index, "utf8"));
    writeFileSync(index, JSON.stringify({ ...entry, url }), { mode: 0o644 });
    chmodSync(index, 0o644);
    const again = await runAsync({ ...box.env, DATA_URL: url });
    expect(again.status).toBe(0);
    expect(statSync(index).mode & 0o777).toBe(0o600);
    expect(readFileSync(index, "utf8")).not.toContain(SECRET);
    box.cleanup();
  });

  it("a failing step's stderr tail is redacted in --json events, the run record, the log files and `sluice logs`", async () => {
    writeFileSync(
      join(project.dir, "boom", "boom.py"),
      `import sys\nprint("token: Bearer ${SECRET}0", flush=True)\nprint("GET https://acct.blob.core.windows.net/c/x.csv?sp=r&sig=${SECRET} failed", file=sys.stderr)\nsys.exit(3)\n`,
    );
    const box = sandbox();
    const r = await runAsync({ ...box.env, CONTINUE: "1" }, "fail.pipeline.ts");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("x.csv?sp=REDACTED&sig=REDACTED failed");
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    const runs = join(box.env.SLUICE_STATE_DIR, "runs");
    const record = readFileSync(join(runs, readdirSync(runs)[0] as string, "run.json"), "utf8");
    expect(record).not.toContain(SECRET);
    // The step's own log files on disk (read by anyone with the folder, and by the run page) hold no token either;
    // only the snapshot of the user's own script, which printed it, still does.
    const leaks = filesUnder(box.env.SLUICE_STATE_DIR).filter((f) => readFileSync(f).includes(SECRET) && !f.includes(`${join("steps", "boom", "code")}`));
    expect(leaks).toEqual([]);
    expect(
      filesUnder(box.env.SLUICE_STATE_DIR)
        .filter((f) => f.endsWith("stdout.log"))
        .map((f) => readFileSync(f, "utf8")),
    ).toContain("token: Bearer REDACTED\n");
    const logs = box.sluice(["logs", "latest", "boom"]);
    expect(logs.stderr).toContain("x.csv?sp=REDACTED&sig=REDACTED failed");
    expect(logs.stdout + logs.stderr).not.toContain(SECRET);
    box.cleanup();
  });

  it("one redaction covers SAS, account keys, bearer tokens, JWTs and passwords in URLs", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";
    const text = [
      "https://acct.blob.core.windows.net/c/x.csv?sp=r&sig=abc%2Bdef",
      "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=bXlrZXk=;EndpointSuffix=core.windows.net",
      "Authorization: Bearer abcdefgh1jklmnop",
      `token ${jwt}`,
      "https://user:hunter2@example.com/x",
      '{"primaryKey": "k1", "secondaryKey": "k2"}',
    ].join("\n");
    const out = redact(text);
    for (const secret of ["abc%2Bdef", "bXlrZXk=", "abcdefgh1jklmnop", jwt, "hunter2", '"k1"', '"k2"']) expect(out).not.toContain(secret);
    expect(out).toContain("https://acct.blob.core.windows.net/c/x.csv?sp=REDACTED&sig=REDACTED");
    expect(out).toContain("AccountName=acct;AccountKey=REDACTED;");
    expect(out).toContain("https://REDACTED@example.com/x");
    // Prose that only looks like a scheme stays as written.
    expect(redact("Basic statistics computed; Bearer notifications disabled")).toBe("Basic statistics computed; Bearer notifications disabled");
  });
});
