import type * as z from "zod";

/** What each zod type is called in a sentence a user reads. */
const KINDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  bigint: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  record: "an object",
  null: "null",
  date: "a date",
};

/** A path as people write it: `steps[0].name`. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i > 0 ? "." : ""}${String(key)}`)).join("");
}

/** The value at `path` in the document that was checked. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** A value as short JSON (long text is cut), so a message stays one line. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** What the value at the issue's path must be, in words. */
function expectation(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return KINDS[issue.expected] ?? issue.expected;
    case "invalid_value":
      return issue.values.length === 1 ? shown(issue.values[0]) : `one of ${issue.values.map(shown).join(", ")}`;
    case "too_small":
      if (issue.origin === "string") return `at least ${issue.minimum} characters long`;
      if (issue.origin === "array" || issue.origin === "set") return `a list of at least ${issue.minimum}`;
      return `${issue.inclusive ? "at least" : "more than"} ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `at most ${issue.maximum} characters long`;
      if (issue.origin === "array" || issue.origin === "set") return `a list of at most ${issue.maximum}`;
      return `${issue.inclusive ? "at most" : "less than"} ${issue.maximum}`;
    case "invalid_format":
      return `a valid ${issue.format}`;
    case "invalid_union":
      return "one of the allowed forms";
    default:
      return undefined;
  }
}

/**
 * The first thing wrong with a document, in words: `id must be text, got 5`, `steps[0] is
 * missing`, `has an unknown field "zz"`. Zod's own text ("Invalid input: expected string,
 * received number") names types, not the value the user wrote, so every reader says it this way.
 */
export function describeIssue(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (!issue) return "does not match";
  const where = pathText(issue.path);
  const subject = where || "the document";
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
    return `${where ? `${where} ` : ""}has ${issue.keys.length === 1 ? "an unknown field" : "unknown fields"} ${keys}`;
  }
  const value = valueAt(input, issue.path);
  if (value === undefined && issue.code === "invalid_type") return `${subject} is missing`;
  const must = expectation(issue);
  if (!must) return `${subject}: ${issue.message}`;
  return `${subject} must be ${must}, got ${shown(value)}`;
}
