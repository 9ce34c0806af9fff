// The hint under a TypeScript error of a pipeline file says what the slot needs, read from the
// slot's type; it once said "this slot needs a string" whenever a number parameter was mentioned.
import { describe, expect, it } from "vitest";
import { hintFor } from "../packages/runtime/src/typecheck/type-hints.ts";

describe("TypeScript hints name what the slot needs", () => {
  it.each([
    ["Type 'PipelineParameter<string>' is not assignable to type 'number | PipelineParameter<number>'.", /^this slot needs a number .*number default/],
    ["Type 'string' is not assignable to type 'number | PipelineParameter<number>'.", /^this slot needs a number .*pass a number, e\.g\. 3$/],
    ["Type 'PipelineParameter<string>' is not assignable to type 'boolean | PipelineParameter<boolean> | undefined'.", /^this slot needs a boolean: .*true\)$/],
    [
      "Type 'PipelineParameter<number>' is not assignable to type 'string | PipelineParameter<string>'.",
      /^this slot needs a string: declare the parameter with a string default/,
    ],
    ["Argument of type 'number' is not assignable to parameter of type 'string'.", /^this slot needs a string: pass a string/],
    ["Type 'true' is not assignable to type 'string | PipelineParameter<string>'.", /^this slot needs a string: pass a string/],
    ["Type '\"3\"' is not assignable to type 'number | PipelineParameter<number> | undefined'.", /^this slot needs a number /],
  ])("%s", (message, hint) => {
    expect(hintFor(message)).toMatch(hint);
  });

  it("never tells a number slot it needs a string", () => {
    expect(hintFor("Type 'PipelineParameter<string>' is not assignable to type 'number | PipelineParameter<number>'.")).not.toContain("needs a string");
  });

  it("keeps the specific wiring hints, and a general one otherwise", () => {
    expect(hintFor(`Type 'DataLink<"file">' is not assignable to type 'DataLink<"tabular">'.`)).toMatch(/^AutoML needs tabular data/);
    // A misspelled key names primaryMetric in TypeScript's "did you mean": no metric hint for it.
    expect(
      hintFor(
        "Object literal may only specify known properties, but 'primaryMetrik' does not exist in type 'AutoMLJobOptions<\"classification\">'. Did you mean to write 'primaryMetric'?",
      ),
    ).not.toMatch(/primary metric/);
    expect(hintFor("Property 'nme' does not exist on type 'X'.")).toBe("fix the type error; Sluice's builder types encode Azure ML's wiring rules");
    expect(hintFor("Type 'Foo' is not assignable to type 'Bar'.")).toBe("fix the type error; Sluice's builder types encode Azure ML's wiring rules");
  });
});
