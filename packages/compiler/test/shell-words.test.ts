import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinWords, quoteWord } from "../src/lower/shell-words.ts";
import { contentVersion, stableStringify } from "../src/hash/content-version.ts";

describe("command words", () => {
  it("leaves plain words and ${{...}} placeholders bare", () => {
    expect(quoteWord("--out")).toBe("--out");
    expect(quoteWord("${{inputs.titanic_ds}}")).toBe("${{inputs.titanic_ds}}");
    expect(quoteWord("a b; rm -rf ~ $(x)")).toBe("'a b; rm -rf ~ $(x)'");
    expect(quoteWord("it's")).toBe("'it'\\''s'");
  });

  it("round-trips any word through a real POSIX shell unchanged", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1 }).filter((s) => !s.includes("\0") && !s.startsWith("${{")),
          { minLength: 1, maxLength: 5 },
        ),
        (words) => {
          const out = spawnSync("/bin/sh", ["-c", `printf '%s\\0' ${joinWords(words)}`], { encoding: "utf8" });
          expect(out.stdout.split("\0").slice(0, -1)).toEqual(words);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("content versions", () => {
  it("ignore key order and use the anonymous-component UUID form", () => {
    expect(contentVersion({ a: 1, b: [1, 2] })).toBe(contentVersion({ b: [1, 2], a: 1 }));
    expect(contentVersion({ a: 1 })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(stableStringify({ b: 1, a: { d: 1, c: undefined } })).toBe('{"a":{"d":1},"b":1}');
  });
});
