// A step's log as the run page streams it: the first read is the last `initial` bytes, then
// only what was appended, at most a chunk at a time (`behind` says more is waiting), a file
// that shrank starts over from its end, a missing file is no text; every read is counted.
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LogTail, logReadStats } from "../src/ui/log-tail.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-tail-"));
let n = 0;
const logFile = (text: string) => {
  const file = join(root, `log-${n++}.txt`);
  writeFileSync(file, text);
  return file;
};

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("LogTail", () => {
  it("starts `initial` bytes before the end, then reads only what was appended", () => {
    const file = logFile("0123456789");
    const tail = new LogTail(file, 4, 100);
    expect(tail.behind).toBe(false);
    expect(tail.next()).toBe("6789");
    expect(tail.next()).toBe("");
    expect(tail.next()).toBe("");
    appendFileSync(file, "abc");
    expect(tail.next()).toBe("abc");
    expect(tail.next()).toBe("");
    expect(tail.behind).toBe(false);
  });

  it("reads a file shorter than `initial` from its start", () => {
    expect(new LogTail(logFile("short"), 100, 100).next()).toBe("short");
  });

  it("with the defaults, shows the last 256 KiB of a longer log", () => {
    const text = `${"a".repeat(1000)}${"b".repeat(256 * 1024)}`;
    const tail = new LogTail(logFile(text));
    expect(tail.next()).toBe("b".repeat(256 * 1024));
    expect(tail.behind).toBe(false);
  });

  it("reads a burst a chunk at a time and says when more is waiting", () => {
    const file = logFile("old");
    const tail = new LogTail(file, 0, 4);
    expect(tail.next()).toBe("");
    appendFileSync(file, "0123456789");
    expect(tail.next()).toBe("0123");
    expect(tail.behind).toBe(true);
    expect(tail.next()).toBe("4567");
    expect(tail.behind).toBe(true);
    expect(tail.next()).toBe("89");
    expect(tail.behind).toBe(false);
    expect(tail.next()).toBe("");
  });

  it("starts over from the end of a file that was rewritten shorter", () => {
    const file = logFile("0123456789");
    const tail = new LogTail(file, 3, 100);
    expect(tail.next()).toBe("789");
    writeFileSync(file, "abcde");
    expect(tail.next()).toBe("cde");
    appendFileSync(file, "f");
    expect(tail.next()).toBe("f");
  });

  it("is no text while the file is not there, and reads it once it is", () => {
    const file = join(root, "later.log");
    const tail = new LogTail(file, 100, 100);
    expect(tail.next()).toBe("");
    expect(tail.behind).toBe(false);
    writeFileSync(file, "now");
    expect(tail.next()).toBe("now");
  });

  it.runIf(existsSync("/proc/self/fd"))("closes the file after every read (a page watched for hours keeps no descriptor open)", () => {
    const file = logFile("start\n");
    const tail = new LogTail(file, 100, 4);
    const open = () => readdirSync("/proc/self/fd").length;
    const before = open();
    for (let i = 0; i < 20; i++) {
      appendFileSync(file, `line ${i}\n`);
      tail.next();
    }
    expect(open()).toBe(before);
  });

  it("counts the bytes and reads it makes, and nothing for a call that reads nothing", () => {
    const file = logFile("0123456789");
    const tail = new LogTail(file, 6, 4);
    const before = { ...logReadStats };
    expect(tail.next()).toBe("4567");
    expect(tail.next()).toBe("89");
    expect(tail.next()).toBe("");
    expect(logReadStats.bytes - before.bytes).toBe(6);
    expect(logReadStats.reads - before.reads).toBe(2);
  });
});
