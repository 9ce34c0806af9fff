// Every state file read back names its first problem the same way: the field, what it must be,
// and the value found — never zod's "Invalid input: expected string, received number".
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { describeIssue } from "../src/runs/zod-issue.ts";

const Schema = z
  .object({
    id: z.string(),
    n: z.number().int().min(1).optional(),
    mode: z.enum(["fast", "slow"]).optional(),
    steps: z.array(z.object({ done: z.boolean() })).optional(),
    name: z.string().min(2).optional(),
  })
  .strict();

const problem = (value: unknown) => {
  const parsed = Schema.safeParse(value);
  if (parsed.success) throw new Error("expected a problem");
  return describeIssue(parsed.error, value);
};

describe("describeIssue", () => {
  it.each([
    [{ id: 5 }, "id must be text, got 5"],
    [{}, "id is missing"],
    [{ id: "a", n: 0 }, "n must be at least 1, got 0"],
    [{ id: "a", n: 1.5 }, "n must be a whole number, got 1.5"],
    [{ id: "a", mode: "medium" }, 'mode must be one of "fast", "slow", got "medium"'],
    [{ id: "a", steps: [{ done: "no" }] }, 'steps[0].done must be true or false, got "no"'],
    [{ id: "a", name: "" }, 'name must be at least 2 characters long, got ""'],
    [{ id: "a", extra: 1 }, 'has an unknown field "extra"'],
    [[], "the document must be an object, got []"],
    [{ id: { deep: "x".repeat(80) } }, `id must be text, got {"deep":"${"x".repeat(28)}…`],
  ])("%j: %s", (value, expected) => {
    expect(problem(value)).toBe(expected);
  });
});
