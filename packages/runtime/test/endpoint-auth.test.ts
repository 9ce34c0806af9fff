// The scoring endpoint's key check, in this process (so mutation testing sees it): a Bearer
// header with either key, exactly, and nothing else.
import { describe, expect, it } from "vitest";
import { authorized } from "../src/serve/endpoint-keys.ts";

const keys = { primaryKey: "primary-key-0123", secondaryKey: "second-key-45678" };

describe("endpoint key check", () => {
  it.each([
    ["Bearer primary-key-0123", true],
    ["Bearer second-key-45678", true],
    ["bearer primary-key-0123", true],
    ["BEARER   second-key-45678", true],
    ["Bearer\tprimary-key-0123", true],
  ])("accepts %j", (header, ok) => {
    expect(authorized(header, keys)).toBe(ok);
  });

  it.each([
    [undefined],
    [""],
    ["primary-key-0123"],
    ["Bearer"],
    ["Bearer "],
    ["Basic primary-key-0123"],
    ["Bearer primary-key-012"],
    ["Bearer primary-key-01234"],
    ["Bearer primary-key-0124"],
    ["Bearer primary-key-0123 extra"],
    ["Bearer primary-key-0123 "],
    [" Bearer primary-key-0123"],
    ["xBearer primary-key-0123"],
    ["Bearer primary-key-0123second-key-45678"],
  ])("refuses %j", (header) => {
    expect(authorized(header, keys)).toBe(false);
  });

  it("compares against both keys, not only the first", () => {
    expect(authorized("Bearer b", { primaryKey: "a", secondaryKey: "b" })).toBe(true);
    expect(authorized("Bearer a", { primaryKey: "a", secondaryKey: "b" })).toBe(true);
    expect(authorized("Bearer c", { primaryKey: "a", secondaryKey: "b" })).toBe(false);
  });
});
