// Runs the real `sluice` under another Node and stands in for it: signals sent to this launcher
// reach it, and this process ends as it ended (same exit code, or the same signal), so a service
// manager, a CI runner or `kill` stopping the launcher stops the real server and frees its port.
// Plain JavaScript: it runs under the old Node the launcher was started with.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { constants } from "node:os";

// SIGUSR1 is Node's own (it starts the inspector), so it is left alone.
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR2"];

/**
 * Whether this process is in its terminal's foreground group. Then a Ctrl-C (SIGINT) already
 * reached the child, which shares the group, and forwarding it would count as a second Ctrl-C
 * ("quit at once"). Linux tells through /proc; elsewhere every signal is forwarded.
 */
function inTerminalForeground() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pgrp = Number(fields[2]);
    const tpgid = Number(fields[5]);
    return tpgid > 0 && tpgid === pgrp;
  } catch {
    return false;
  }
}

export function relaunch(node, args) {
  return new Promise(() => {
    const child = spawn(node, args, { stdio: "inherit" });
    const forward = (signal) => {
      if (signal === "SIGINT" && inTerminalForeground()) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    child.on("error", (error) => {
      process.stderr.write(`sluice: could not start ${node}: ${error.message}\n`);
      process.exit(3);
    });
    child.on("exit", (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      if (!signal) process.exit(code ?? 1);
      // Die of the same signal, as a shell expects; should it be caught or ignored, the shell's code for it.
      process.kill(process.pid, signal);
      setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 200);
    });
  });
}
