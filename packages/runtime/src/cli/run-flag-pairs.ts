import { SluiceError } from "../errors/sluice-error.ts";

/** An example for a hint: one of the pipeline's own names, so the hint can be copied as it is. */
function example(flag: "param" | "input", known: readonly string[]): string {
  const name = known[0] ?? "name";
  return flag === "input" ? `--${flag} ${name}=<path to a file or folder>` : `--${flag} ${name}=<value>`;
}

/**
 * `k=v` pairs from repeated `--param`/`--input` flags; the key must be a plain name (never a
 * path). `known` are the pipeline's parameters or data inputs, named in the hint. An empty
 * `--input` path is refused here: resolved, it would silently mean the current folder; so is a
 * name given twice with different values.
 */
export function pairs(values: readonly string[], flag: "param" | "input", known: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf("=");
    const key = item.slice(0, Math.max(0, eq));
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      const kind = flag === "param" ? "parameters" : "data inputs";
      const names = known.length ? `; ${kind}: ${known.join(", ")}` : `; this pipeline has no ${kind}`;
      throw new SluiceError("usage", `--${flag} '${item}' must be name=value with a plain name`, { hint: `e.g. ${example(flag, known)}${names}` });
    }
    if (flag === "input" && eq === item.length - 1)
      throw new SluiceError("usage", `--input ${key}= gives an empty path`, { hint: `e.g. --input ${key}=<path to a file or folder>` });
    const value = item.slice(eq + 1);
    // Two values for one name: the last would win without a word, and the run use the other one than meant.
    if (Object.hasOwn(out, key) && out[key] !== value)
      throw new SluiceError("usage", `--${flag} ${key} is given twice, as '${out[key]}' and '${value}'`, { hint: `give --${flag} ${key}=… once` });
    out[key] = value;
  }
  return out;
}
