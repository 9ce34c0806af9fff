const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one word for the POSIX shell Azure runs commands with. `${{...}}` placeholders stay
 * bare (Azure substitutes them before the shell runs); anything else unusual is single-quoted.
 */
export function quoteWord(word: string): string {
  if (/^\$\{\{[a-z_.A-Z0-9]+\}\}$/.test(word) || SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function joinWords(words: readonly string[]): string {
  return words.map(quoteWord).join(" ");
}
