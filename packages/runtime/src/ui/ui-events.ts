import { statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { RunRecord } from "../runs/run-record.ts";
import { azureStepLog } from "./azure-run-history.ts";
import { LogTail } from "./log-tail.ts";
import { logDir, plainName, problemOf, readRun, type UiState } from "./ui-data.ts";

/** One line to the operator's terminal (never a stack, never to the page). */
export type UiLog = (line: string) => void;

/** A client that does not read keeps at most this much queued; its stream waits instead of growing. */
const MAX_QUEUED = 1024 * 1024;

/** An error as one line: its message's first line, nothing more. */
export const oneLine = (e: unknown) =>
  String((e as Error)?.message ?? e)
    .split("\n")[0]
    ?.slice(0, 300) ?? "";

/**
 * Server-sent events: `tick` emits what changed and says whether to go on. Each tick is its own
 * error boundary: a failure logs one line, tells the page in a `notice` event and ends this
 * stream, and the server goes on serving. A slow client's ticks wait while its queue is full.
 */
export function events(
  req: IncomingMessage,
  res: ServerResponse,
  every: number,
  what: string,
  log: UiLog,
  tick: (emit: (event: string, data: unknown) => void) => boolean,
): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
  // A HEAD asks whether the stream exists: it gets the headers, not a connection held open for ever.
  if (req.method === "HEAD") return void res.end();
  const emit = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    clearInterval(timer);
    if (!res.writableEnded) res.end();
  };
  const run = () => {
    if (res.destroyed || res.writableEnded) return stop();
    if (res.writableLength > MAX_QUEUED) return;
    let more = false;
    try {
      more = tick(emit);
    } catch (e) {
      log(`ui: ${what}: ${oneLine(e)}`);
      emit("notice", { text: `${what} stopped: ${problemOf(e, "what the page expected")}` });
    }
    if (!more) stop();
  };
  timer = setInterval(run, every);
  req.on("close", stop);
  res.on("error", stop);
  run();
}

/**
 * Watches a run's record: re-read when run.json changes (and every few ticks, since a run whose
 * process died reads as interrupted without a write). Gone or unreadable is a problem in words.
 */
function recordWatch(s: UiState, id: string): () => { run?: RunRecord; changed: boolean; problem?: string } {
  const file = join(s.stateDir, "runs", id, "run.json");
  let seen: number | undefined;
  let ticks = 0;
  let last: RunRecord | undefined;
  return () => {
    const mtime = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (mtime === undefined) return { changed: true, problem: `run ${id} was removed` };
    if (last && mtime === seen && ++ticks % 8 !== 0) return { run: last, changed: false };
    seen = mtime;
    const read = readRun(s, id);
    if ("problem" in read) return { changed: true, problem: `run ${id}: ${read.problem}` };
    const changed = JSON.stringify(read.run) !== JSON.stringify(last);
    last = read.run;
    return { run: read.run, changed };
  };
}

/** The run's step states whenever its record changes, until the run ends (or its record goes bad or away). */
export function runEvents(s: UiState, id: string, req: IncomingMessage, res: ServerResponse, log: UiLog): void {
  const watch = recordWatch(s, id);
  events(req, res, 250, `following run ${id}`, log, (emit) => {
    const { run, changed, problem } = watch();
    if (problem || !run) {
      emit("notice", { text: `${problem}: the page stopped following it` });
      return false;
    }
    if (changed)
      emit("state", {
        status: run.status,
        steps: run.steps.map((st) => ({ node: st.node, status: st.status, durationMs: st.durationMs, reused: st.reused })),
      });
    return run.status === "running";
  });
}

/**
 * A step's log as it grows: its tail, then each appended chunk (read by offset, never the whole
 * file again), until the run ends. A reused step's log is its producer's; an Azure step's comes
 * from the workspace's run history, once.
 */
export function logEvents(s: UiState, id: string, node: string, req: IncomingMessage, res: ServerResponse, log: UiLog): void {
  const read = readRun(s, id);
  if ("problem" in read) return void res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`run ${id}: ${read.problem}`);
  const { run } = read;
  const step = run.steps.find((st) => st.node === node);
  const dir = step ? logDir(s.stateDir, join(s.stateDir, "runs", id), step) : undefined;
  if (!step || !dir || !plainName(node)) return void res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("no such step");
  const files = ["stdout.log", "stderr.log"].map((f) => join(dir, f));
  if (run.backend === "azure" && !files.some((f) => statSync(f, { throwIfNoEntry: false }))) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    void azureStepLog(run, step)
      .then((text) => `${text || "(no log in the workspace's run history yet)"}`)
      .catch((e: Error) => `(could not read the log from Azure ML: ${oneLine(e)})`)
      .then((text) => res.end(`event: log\ndata: ${JSON.stringify({ text, stream: "azure" })}\n\n`));
    return;
  }
  const tails = files.map((f) => new LogTail(f));
  const watch = recordWatch(s, id);
  events(req, res, 300, `the log of ${id}/${node}`, log, (emit) => {
    let behind = false;
    tails.forEach((tail, i) => {
      const text = tail.next();
      if (text) emit("log", { text, stream: i ? "stderr" : "stdout" });
      behind ||= tail.behind;
    });
    const { run: now, problem } = watch();
    if (!problem) return behind || now?.status === "running";
    emit("notice", { text: `${problem}: the log stopped following it` });
    return false;
  });
}
