import { Document, Scalar } from "yaml";

/**
 * Strings left plain (unquoted): words of letters, digits and `_$/.{}()+-@%,=:` separated by
 * single spaces, not ending in `:`. Everything else (tabs, quotes, `#`, `: `, leading or trailing
 * blanks, newlines, PyYAML's own `=` and `<<` tags) is double-quoted, so no reader has to guess.
 */
const PLAIN_SAFE = /^[A-Za-z0-9_$/.{}()+@%,-][A-Za-z0-9_$/.{}()+@%,=:-]*( [A-Za-z0-9_$/.{}()+@%,=:-]+)*$/;
const PYYAML_ONLY = new Set(["=", "<<"]);
/** Characters PyYAML refuses anywhere in a stream (outside YAML's printable set); they are written as escapes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters.
const NON_PRINTABLE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** A string as it is written: plain, a block literal (several printable lines), or double-quoted. */
function scalar(v: string): string | Scalar {
  if (v.includes("\n") && !new RegExp(NON_PRINTABLE.source, "u").test(v)) return v;
  if (PLAIN_SAFE.test(v) && !v.endsWith(":") && !PYYAML_ONLY.has(v)) return v;
  const node = new Scalar(v);
  node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

/** The value with keys sorted and every string that needs quotes wrapped as a quoted scalar, in one pass. */
function prepared(value: unknown): unknown {
  if (typeof value === "string") return scalar(value);
  if (Array.isArray(value)) return value.map(prepared);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = prepared(v);
  }
  return out;
}

/**
 * The one way Sluice writes YAML: keys sorted, no line wrapping, no anchors, and every scalar
 * reading back from PyYAML's `yaml.safe_load` (what `az ml` and azure-ai-ml use) as exactly the
 * string or number it was. PyYAML resolves plain scalars by YAML 1.1 rules (`no`, `on`, `off`
 * are booleans, `1_000`, `0b101`, `1:30` numbers, `2024-01-01` a date), so the document is
 * written as YAML 1.1, which makes the library quote every string those rules would re-type.
 */
export function toYaml(value: unknown): string {
  const doc = new Document(prepared(value), { version: "1.1", aliasDuplicateObjects: false });
  // Such characters now stand only inside double quotes, where escapes are valid YAML. The
  // library writes `<<` plain even when asked to quote it (YAML 1.1's merge key): quote it here.
  // PyYAML reads an exponent as a float only after a decimal point (`1.0e+21`, not `1e+21`).
  return doc
    .toString({ lineWidth: 0 })
    .replace(NON_PRINTABLE, escapeChar)
    .replace(/^(\s*(?:- |[A-Za-z0-9_"$.-]+: ))<<$/gm, '$1"<<"')
    .replace(/^(\s*(?:- |[A-Za-z0-9_"$.-]+: ))([-+]?\d+)(e[-+]\d+)$/gm, "$1$2.0$3");
}
