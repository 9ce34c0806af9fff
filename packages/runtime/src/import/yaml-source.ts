import { readFileSync } from "node:fs";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, visit } from "yaml";
import { SluiceError } from "../errors/sluice-error.ts";

/**
 * A YAML file read with positions, so every problem the importer finds is reported as
 * `file:line:col path: message`. Read as YAML 1.1, as PyYAML (and so `az ml`) reads it.
 */
export class YamlSource {
  readonly file: string;
  private readonly lines = new LineCounter();
  private readonly root: Node | null;

  constructor(file: string) {
    this.file = file;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new SluiceError("usage", `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const doc = parseDocument(text, { version: "1.1", lineCounter: this.lines, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const at = this.lines.linePos(first.pos[0]);
      // The parser's reason without the `at line L, column C:` and source excerpt it appends.
      const reason = (first.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      const message = `not valid YAML: ${reason}`;
      throw new SluiceError("usage", `${file}:${at.line}:${at.col}: ${message}`, { located: { file, line: at.line, column: at.col, message } });
    }
    // The yaml library's 1.1 float pattern takes a bare `.` (as in `code: .`) for NaN, and its 1.1
    // booleans include `y` and `n` (as in `target_column_name: y`); PyYAML reads both as strings.
    visit(doc, {
      Scalar(_, node) {
        if (typeof node.value === "number" && Number.isNaN(node.value) && !/nan$/i.test(String(node.source))) node.value = String(node.source);
        if (typeof node.value === "boolean" && /^[yYnN]$/.test(String(node.source))) node.value = String(node.source);
      },
    });
    this.root = doc.contents as Node | null;
  }

  /** The node at a dotted path (`jobs.train.inputs`), or undefined. */
  node(path: readonly string[]): Node | undefined {
    let current: Node | null | undefined = this.root;
    for (const key of path) {
      if (!isMap(current)) return undefined;
      current = current.get(key, true) as Node | undefined;
    }
    return current ?? undefined;
  }

  /** The plain JSON value at a path. */
  value(path: readonly string[]): unknown {
    const n = this.node(path);
    return n === undefined ? undefined : isScalar(n) || isMap(n) || isSeq(n) ? n.toJSON() : undefined;
  }

  /**
   * A located error for what is at `path`: its key's position for a mapping or when `at` is
   * "key" (a key that is itself the mistake), else its value's (a wrong value).
   */
  error(path: readonly string[], message: string, hint?: string, at: "key" | "value" = "value"): SluiceError {
    const parent = path.length > 0 ? this.node(path.slice(0, -1)) : undefined;
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === path[path.length - 1]) : undefined;
    const keyNode = pair && isScalar(pair.key) ? pair.key : undefined;
    // A key's own position reads best for a mapping (`resources:`); a scalar's value for a value.
    const valueNode = this.node(path);
    const n = keyNode && (at === "key" || !isScalar(valueNode)) ? keyNode : (valueNode ?? parent);
    const pos = this.lines.linePos(n?.range?.[0] ?? 0);
    const bare = `${path.join(".") || "(document)"}: ${message}`;
    return new SluiceError("pipeline", `${this.file}:${pos.line}:${pos.col} ${bare}`, {
      ...(hint ? { hint } : {}),
      located: { file: this.file, line: pos.line, column: pos.col, message: bare },
    });
  }
}
