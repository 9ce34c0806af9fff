import { closeSync, openSync, readSync, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";

/** Bytes read from logs by every tail in this process: what a test or bench watches to see reads stay bounded. */
export const logReadStats = { bytes: 0, reads: 0 };

/**
 * A growing log, read from where the last read stopped: each `next()` reads only the bytes
 * appended since (at most `chunk` of them; the rest comes on the following calls), never the
 * whole file again. The first read starts `initial` bytes before the end. A file that shrank
 * (rewritten) starts over from its end.
 */
export class LogTail {
  private offset: number | undefined;
  private size = 0;
  // Stryker disable next-line StringLiteral: utf8 is also StringDecoder's default.
  private readonly decoder = new StringDecoder("utf8");

  private readonly file: string;
  private readonly initial: number;
  private readonly chunk: number;

  constructor(file: string, initial = 256 * 1024, chunk = 256 * 1024) {
    this.file = file;
    this.initial = initial;
    this.chunk = chunk;
  }

  /** Whether bytes appended before the last call are still to be read (more than one chunk came). */
  get behind(): boolean {
    return this.offset !== undefined && this.offset < this.size;
  }

  /** The new text since the last call ("" when nothing was appended or the file is not there). */
  next(): string {
    const size = statSync(this.file, { throwIfNoEntry: false })?.size;
    if (size === undefined) return "";
    this.size = size;
    if (this.offset === undefined || size < this.offset) this.offset = Math.max(0, size - this.initial);
    if (size === this.offset) return "";
    // Stryker disable next-line ArithmeticOperator: a longer length reads the same bytes (a read stops at the end of the file); it only sizes the buffer.
    const length = Math.min(this.chunk, size - this.offset);
    const buf = Buffer.alloc(length);
    const fd = openSync(this.file, "r");
    let n = 0;
    try {
      n = readSync(fd, buf, 0, length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset += n;
    logReadStats.bytes += n;
    logReadStats.reads += 1;
    return this.decoder.write(buf.subarray(0, n));
  }
}
