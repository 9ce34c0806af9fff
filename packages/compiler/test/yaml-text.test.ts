// The exact text the YAML layer writes for the scalars readers disagree on. The property test
// proves PyYAML reads them back; these rows pin the spelling, so a change to it is deliberate.
import { describe, expect, it } from "vitest";
import { toYaml } from "../src/emit/yaml-text.ts";

describe("toYaml", () => {
  it.each<[unknown, string]>([
    [{ a: "plain words" }, "a: plain words\n"],
    [{ a: "no" }, 'a: "no"\n'],
    [{ a: "off" }, 'a: "off"\n'],
    [{ a: "1_000" }, 'a: "1_000"\n'],
    [{ a: "2024-01-01" }, 'a: "2024-01-01"\n'],
    [{ a: "ends:" }, 'a: "ends:"\n'],
    [{ a: "a:b" }, "a: a:b\n"],
    [{ a: "=" }, 'a: "="\n'],
    [{ a: "<<" }, 'a: "<<"\n'],
    [{ a: ["<<"] }, 'a:\n  - "<<"\n'],
    [{ a: "x<<" }, 'a: "x<<"\n'],
    [{ a: " lead" }, 'a: " lead"\n'],
    [{ a: "tab\there" }, 'a: "tab\\there"\n'],
    [{ a: "bell\x07" }, 'a: "bell\\a"\n'],
    [{ a: "nul\x00" }, 'a: "nul\\0"\n'],
    [{ a: "esc\x1b" }, 'a: "esc\\e"\n'],
    [{ a: "ctl\x01" }, 'a: "ctl\\x01"\n'],
    [{ a: "del\x7f" }, 'a: "del\\x7f"\n'],
    [{ a: "odd\uFFFE" }, 'a: "odd\\ufffe"\n'],
    [{ a: "café" }, 'a: "café"\n'],
    [{ a: "two\nlines" }, "a: |-\n  two\n  lines\n"],
    [{ a: "two\nlines\x07" }, 'a: "two\\nlines\\a"\n'],
    [{ v: 1e21 }, "v: 1.0e+21\n"],
    [{ v: -1e21 }, "v: -1.0e+21\n"],
    [{ v: [1e21] }, "v:\n  - 1.0e+21\n"],
    [{ v: 1.5e21 }, "v: 1.5e+21\n"],
    [{ v: 5e-7 }, "v: 5.0e-7\n"],
    [{ a: "1e+21" }, 'a: "1e+21"\n'],
    [{ b: true, a: 1 }, "a: 1\nb: true\n"],
    [{ x: { z: 1, w: 2 } }, "x:\n  w: 2\n  z: 1\n"],
    [{ y: 1 }, '"y": 1\n'],
  ])("%j", (value, text) => {
    expect(toYaml(value)).toBe(text);
  });

  it("does not alias an object used twice", () => {
    const shared = { k: "v" };
    expect(toYaml({ a: shared, b: shared })).toBe("a:\n  k: v\nb:\n  k: v\n");
  });

  it("quotes keys YAML 1.1 would read as booleans", () => {
    expect(toYaml({ no: 1, key: 2 })).toBe('key: 2\n"no": 1\n');
  });
});
