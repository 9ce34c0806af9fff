// The scoring server's reply framing and nesting guard at their edges (no processes): what a
// worker line that is not quite a message becomes, and exactly where the nesting limit trips.
import { describe, expect, it } from "vitest";
import { nestsDeeperThan } from "../src/serve/json-depth.ts";
import { parseProtocolLine } from "../src/serve/scoring-protocol.ts";

const NOT_JSON = { error: "the scoring process answered with something that is not JSON" };

describe("reply framing at its edges", () => {
  it.each([
    ["ready not json", { kind: "ready", schema: null }],
    ["ready null", { kind: "ready", schema: null }],
    ['ready {"a":1}', { kind: "ready", schema: { a: 1 } }],
    ["failed not json", { kind: "failed", error: "the model did not load" }],
    ["failed 42", { kind: "failed", error: "the model did not load" }],
    ['failed ""', { kind: "failed", error: "" }],
    ["7 200 null", { kind: "reply", id: 7, status: 500, body: NOT_JSON }],
    ['7 200 "text"', { kind: "reply", id: 7, status: 500, body: NOT_JSON }],
    ['7 200 {"nobody":1}', { kind: "reply", id: 7, status: 500, body: NOT_JSON }],
    ['7 200 {"body":null}', { kind: "reply", id: 7, status: 200, body: null }],
    ['7 200 {"body":0}', { kind: "reply", id: 7, status: 200, body: 0 }],
    ['7 200 {"body":1,"warning":5}', { kind: "reply", id: 7, status: 200, body: 1 }],
    ['12 404 {"body":{"error":"x"}}', { kind: "reply", id: 12, status: 404, body: { error: "x" } }],
    ["ready", { kind: "noise" }],
    ["failed", { kind: "noise" }],
    ["7 20 {}", { kind: "noise" }],
    ["x7 200 {}", { kind: "noise" }],
    ["7 2000 {}", { kind: "noise" }],
    ["", { kind: "noise" }],
  ])("reads %j", (line, message) => {
    expect(parseProtocolLine(line)).toStrictEqual(message);
  });
});

describe("nesting guard at the limit", () => {
  it.each([
    ["[[", 2, false],
    ["[[[", 2, true],
    ["{{", 2, false],
    ['{"a":{"b":{', 2, true],
    ["[{", 1, true],
    ["{[", 1, true],
    ["[][][][]", 1, false],
    ["{}{}{}{}", 1, false],
    ["[{}][{}]", 2, false],
    ["[{]}[{]}", 2, false],
    ["((((", 0, false],
    ['"[[[["', 0, false],
    ['["\\"[[[["]', 1, false],
    ['["\\\\"[[', 2, true],
    ['{"a":"}}}}","b":[[', 2, true],
  ])("%j nests deeper than %i: %s", (text, limit, deeper) => {
    expect(nestsDeeperThan(text, limit)).toBe(deeper);
  });
});
