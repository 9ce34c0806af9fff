import { createWriteStream, readFileSync, readdirSync, statSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { redact } from "../errors/redact.ts";
import { writeFileAtomic } from "../fs/atomic-write.ts";

/**
 * A line longer than this is written (redacted) without waiting for its end, so a program that
 * prints megabytes without a newline cannot make Sluice hold them in memory. A secret is far
 * shorter; only one straddling this boundary could slip through, and the post-run pass
 * ({@link redactLogsUnder}) catches it.
 */
const MAX_PENDING = 64 * 1024;

/**
 * Appends what a child process prints to a log file, line by line, with every secret Sluice
 * recognises redacted. Step logs are read back by `sluice logs`, the run page, failure tails and
 * anyone with the folder, so a token a script printed must not land on disk in the first place.
 */
export class RedactingSink {
  private readonly out: WriteStream;
  private pending = "";
  private readonly done: Promise<void>;

  constructor(file: string) {
    this.out = createWriteStream(file, { flags: "a" });
    // A full disk loses log lines, never the step: the process's own exit code still decides.
    this.out.on("error", () => {});
    this.done = new Promise((resolve) => {
      this.out.on("close", () => resolve());
      this.out.on("error", () => resolve());
    });
  }

  /** Feeds a child's output stream into the file; it ends when the stream does or {@link end} is called. */
  attach(stream: Readable): void {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => this.write(chunk));
    stream.on("error", () => {});
    stream.on("end", () => void this.end());
  }

  private write(chunk: string): void {
    this.pending += chunk;
    const cut = this.pending.lastIndexOf("\n");
    if (cut >= 0) {
      this.out.write(redact(this.pending.slice(0, cut + 1)));
      this.pending = this.pending.slice(cut + 1);
    }
    if (this.pending.length > MAX_PENDING) {
      this.out.write(redact(this.pending));
      this.pending = "";
    }
  }

  /** Writes the unfinished last line and closes the file; resolves once every byte is on disk. */
  end(): Promise<void> {
    if (this.out.writableEnded) return this.done;
    if (this.pending) this.out.write(redact(this.pending));
    this.pending = "";
    this.out.end();
    return this.done;
  }
}

/**
 * Rewrites every `*.log` under a step's folder whose text holds a secret (a sweep's trial logs,
 * written by the trial runner in Python). Files without one are not touched.
 */
export function redactLogsUnder(dir: string, depth = 3): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory() && depth > 0 && name !== "outputs") redactLogsUnder(path, depth - 1);
    else if (stat?.isFile() && name.endsWith(".log")) redactFile(path);
  }
}

function redactFile(path: string): void {
  try {
    const text = readFileSync(path, "utf8");
    const clean = redact(text);
    if (clean !== text) writeFileAtomic(path, clean);
  } catch {
    // unreadable logs are shown as unreadable by their readers; nothing to redact here
  }
}
