// What the run page's text helpers put on the page: escaped text and attribute values, numbers
// and durations as people read them, JSON that no data can break out of, the page's policy and
// frame (navigation, token, notices). Exact strings: each is a small piece of every page.
import { describe, expect, it } from "vitest";
import { csp, duration, esc, jsonBlock, jsonText, newNonce, noticeList, num, page, when } from "../src/ui/html.ts";

describe("esc", () => {
  it("turns every markup character, each time it occurs, into its entity", () => {
    expect(esc(`a&b<c>d"e'f`)).toBe("a&amp;b&lt;c&gt;d&quot;e&#39;f");
    expect(esc(`<<>>&&""''`)).toBe("&lt;&lt;&gt;&gt;&amp;&amp;&quot;&quot;&#39;&#39;");
    expect(esc("&lt;")).toBe("&amp;lt;");
  });

  it("shows nothing for null and undefined, and other values as their text", () => {
    expect(esc(null)).toBe("");
    expect(esc(undefined)).toBe("");
    expect(esc(0)).toBe("0");
    expect(esc(false)).toBe("false");
    expect(esc("plain")).toBe("plain");
  });
});

describe("num", () => {
  it("shows integers as they are and other numbers to four places", () => {
    expect(num(3)).toBe("3");
    expect(num(-12)).toBe("-12");
    expect(num(0.5)).toBe("0.5000");
    expect(num(1 / 3)).toBe("0.3333");
  });

  it("shows what is not a number as escaped text", () => {
    expect(num("<b>")).toBe("&lt;b&gt;");
    expect(num(null)).toBe("");
    expect(num("0.5")).toBe("0.5");
  });
});

describe("jsonText and jsonBlock", () => {
  it("escapes what could end the script or open a comment, and the line separators, as \\u escapes of the same JSON", () => {
    const value = { a: "</script><!--&\u2028\u2029", n: [1, 2] };
    const text = jsonText(value);
    expect(text).toBe(String.raw`{"a":"\u003c/script\u003e\u003c!--\u0026\u2028\u2029","n":[1,2]}`);
    expect(JSON.parse(text)).toEqual(value);
  });

  it("writes null for what JSON cannot hold", () => {
    expect(jsonText(undefined)).toBe("null");
    expect(jsonText(() => 1)).toBe("null");
  });

  it("puts the JSON in a data script block whose id is an escaped attribute", () => {
    expect(jsonBlock(`chart-"x"`, { p: "<" })).toBe(String.raw`<script type="application/json" id="chart-&quot;x&quot;">{"p":"\u003c"}</script>`);
  });
});

describe("duration", () => {
  it.each([
    [0, "0 ms"],
    [949.4, "949 ms"],
    [999.4, "999 ms"],
    [1000, "1.0 s"],
    [12_345, "12.3 s"],
    [59_940, "59.9 s"],
    [60_000, "1 min 00 s"],
    [245_000, "4 min 05 s"],
    [3_599_000, "59 min 59 s"],
    [3_600_000, "60 min 00 s"],
  ])("%d ms reads %s", (ms, text) => {
    expect(duration(ms)).toBe(text);
  });

  it("is nothing for what is not a finite number", () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, "1200", null, undefined]) expect(duration(v)).toBe("");
  });
});

describe("when", () => {
  it("shows a timestamp to the second, date and time apart, escaped", () => {
    expect(when("2026-01-01T12:34:56.789Z")).toBe("2026-01-01 12:34:56");
    expect(when("2026-01-01")).toBe("2026-01-01");
    expect(when("<b>T")).toBe("&lt;b&gt; ");
  });

  it("is nothing for what is not a string", () => {
    expect(when(1767225600000)).toBe("");
    expect(when(null)).toBe("");
  });
});

describe("the policy and the nonce", () => {
  it("a nonce is 16 random bytes in base64, new for every response", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });

  it("allows only the nonce's inline script and style, the server's own files and data images", () => {
    expect(csp("N0")).toBe(
      "default-src 'none'; script-src 'self' 'nonce-N0'; style-src 'self' 'nonce-N0'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });
});

describe("noticeList", () => {
  it("is nothing without notices, else one escaped item per notice", () => {
    expect(noticeList()).toBe("");
    expect(noticeList([])).toBe("");
    expect(noticeList(["run <a> skipped", "b"])).toBe('<ul class="notices"><li class="notice">run &lt;a&gt; skipped</li><li class="notice">b</li></ul>');
  });
});

describe("page", () => {
  const assets = { css: '<link rel="stylesheet" href="/assets/app.css">', js: '<script src="/assets/app.js"></script>' };

  it("frames a view: the policy as a meta tag (without frame-ancestors), the escaped title, the assets, the notices above the view", () => {
    const html = page(`run <x>`, "<p>the view</p>", assets, { nonce: "N0", nav: false, notices: ["one <notice>"] });
    expect(html).toBe(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'nonce-N0'; style-src 'self' 'nonce-N0'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'">
<title>run &lt;x&gt; · sluice</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><header><span class="brand">sluice</span></header><main><ul class="notices"><li class="notice">one &lt;notice&gt;</li></ul><p>the view</p></main><script src="/assets/app.js"></script></body></html>
`);
  });

  it("has the navigation unless told not to, and the session's token (escaped) only when given", () => {
    const nav = '<nav><a href="/">runs</a><a href="/models">models</a><a href="/endpoints">endpoints</a></nav>';
    const ui = page("runs", "", assets, { nonce: "N0", csrf: `t"k` });
    expect(ui).toContain(`<header><span class="brand">sluice</span>${nav}</header><main></main>`);
    expect(ui).toContain('<meta name="sluice-csrf" content="t&quot;k">');
    expect(page("runs", "", assets, { nonce: "N0", nav: true })).toContain(nav);
    const report = page("runs", "", assets, { nonce: "N0", nav: false });
    expect(report).not.toContain("<nav>");
    expect(report).not.toContain("sluice-csrf");
  });
});
