import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { RedactingSink, redactLogsUnder } from "../src/process/redacting-sink.ts";

const SIG = "c2VjcmV0LXNpZ25hdHVyZQ%3D%3D";
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "sluice-sink-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Feeds `chunks` through a sink into a fresh file and returns what landed on disk. */
async function through(chunks: string[], file = join(tempDir(), "stdout.log")): Promise<string> {
  const sink = new RedactingSink(file);
  const stream = new PassThrough();
  sink.attach(stream);
  for (const c of chunks) stream.write(c);
  stream.end();
  await sink.end();
  return readFileSync(file, "utf8");
}

describe("the redacting log sink", () => {
  it("redacts a token split across chunks, keeps every other byte and the unfinished last line", async () => {
    const text = await through([
      "start\nGET https://a.blob.core.windows.net/c?sp=r&si",
      `g=${SIG.slice(0, 5)}`,
      `${SIG.slice(5)} done\n`,
      "tail without newline",
    ]);
    expect(text).toBe("start\nGET https://a.blob.core.windows.net/c?sp=REDACTED&sig=REDACTED done\ntail without newline");
  });

  it("appends to a log several commands of one step share", async () => {
    const file = join(tempDir(), "stderr.log");
    writeFileSync(file, "first command\n");
    expect(await through(["second command\n"], file)).toBe("first command\nsecond command\n");
  });

  it("writes a line longer than its buffer without waiting for its end, still redacted", async () => {
    const long = "x".repeat(70 * 1024);
    const text = await through([`${long} ?sig=${SIG}&`, "more"]);
    expect(text.startsWith(long)).toBe(true);
    expect(text).not.toContain(SIG);
    expect(text.endsWith("more")).toBe(true);
  });

  it("ends once, however many times it is asked", async () => {
    const file = join(tempDir(), "x.log");
    const sink = new RedactingSink(file);
    await Promise.all([sink.end(), sink.end()]);
    expect(statSync(file).size).toBe(0);
  });
});

describe("redacting logs a step's Python runner wrote", () => {
  it("rewrites trial logs holding a token and leaves the others and the outputs untouched", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "t1", "outputs"), { recursive: true });
    mkdirSync(join(dir, "t2"), { recursive: true });
    writeFileSync(join(dir, "t1", "trial.log"), `Authorization: Bearer ${SIG}1\n`);
    writeFileSync(join(dir, "t1", "outputs", "data.log"), `sig=${SIG}`);
    writeFileSync(join(dir, "t2", "trial.log"), "clean\n");
    const before = statSync(join(dir, "t2", "trial.log")).mtimeMs;
    redactLogsUnder(dir);
    expect(readFileSync(join(dir, "t1", "trial.log"), "utf8")).toBe("Authorization: Bearer REDACTED\n");
    expect(readFileSync(join(dir, "t1", "outputs", "data.log"), "utf8")).toBe(`sig=${SIG}`);
    expect(statSync(join(dir, "t2", "trial.log")).mtimeMs).toBe(before);
  });

  it("does nothing for a step without trials", () => {
    expect(() => redactLogsUnder(join(tempDir(), "missing"))).not.toThrow();
  });
});
