/**
 * Pieces of a page the UI tests assert on, read with a few regular expressions (the pages are
 * ours and regular): elements by tag and class, their attributes decoded, their text.
 * Attribute values are taken between double quotes, so one that data could close would show as
 * a cut-off value, not pass.
 */

/** The five entities `esc` writes, decoded. */
export const decodeEntities = (text: string): string =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** A start tag's attributes, decoded. */
export function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/\s([\w:-]+)="([^"]*)"/g)) out[m[1] as string] = decodeEntities(m[2] as string);
  return out;
}

export interface Element {
  attrs: Record<string, string>;
  /** What is between the start and end tag (no nesting of the same tag). */
  inner: string;
  /** The inner HTML without tags, decoded. */
  text: string;
}

/** Every `<tag …>…</tag>` (the same tag not nested in itself), optionally only those with `cls` among their classes. */
export function elements(html: string, tag: string, cls?: string): Element[] {
  const found: Element[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, "g"))) {
    const a = attrs(m[1] ?? "");
    if (cls !== undefined && !(a.class ?? "").split(" ").includes(cls)) continue;
    const inner = m[2] as string;
    found.push({ attrs: a, inner, text: decodeEntities(inner.replace(/<[^>]*>/g, "")) });
  }
  return found;
}

/** The text left once the given elements and every other tag are taken out: what a page shows outside its parts. */
export function strayText(html: string, parts: string[]): string {
  let rest = html;
  for (const tag of parts) rest = rest.replace(new RegExp(`<${tag}(\\s[^>]*)?>[\\s\\S]*?</${tag}>`, "g"), "");
  return rest.replace(/<[^>]*>/g, "").trim();
}

/** Every void or self-closed `<tag …/>` or `<tag …>` start tag's attributes. */
export function tags(html: string, tag: string): Array<Record<string, string>> {
  return [...html.matchAll(new RegExp(`<${tag}(\\s[^>]*)?/?>`, "g"))].map((m) => attrs(m[1] ?? ""));
}
