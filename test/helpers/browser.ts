import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { REPO_ROOT } from "./run-node.ts";

/** Where browser tests leave their screenshots, for a reviewer to look at. */
export const SCREENSHOTS = join(REPO_ROOT, "test", ".output", "ui");

/** Debian's chromium (the bootstrap installs it where it can), or CHROMIUM_PATH. No browser download. */
export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
  if (!found) throw new Error("no Chromium here: apt-get install chromium (the bootstrap does it as root), or set CHROMIUM_PATH");
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-gpu"] });
}
