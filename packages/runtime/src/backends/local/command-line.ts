/**
 * Azure runs a component's command with bash after substituting `${{inputs.x}}`. Locally,
 * Sluice never starts a shell: the command is split into words first (POSIX quoting, `&&`
 * between commands) and placeholders are substituted inside words, so a parameter value such as
 * `a b; rm -rf ~ $(x)` reaches the script as one verbatim argv entry.
 */
export type CommandLine = string[][];

export class CommandSyntaxError extends Error {}

const UNSUPPORTED = new Set(["|", ";", "<", ">", "`", "(", ")", "&"]);

/** Splits a command into `&&`-separated argv lists. Other shell syntax is refused, not guessed. */
export function parseCommand(command: string): CommandLine {
  const commands: string[][] = [[]];
  let word: string | undefined;
  const push = () => {
    if (word !== undefined) (commands[commands.length - 1] as string[]).push(word);
    word = undefined;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new CommandSyntaxError("unterminated single quote");
      word = (word ?? "") + command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === "\\" && '"\\$`'.includes(command[j + 1] ?? "")) j++;
        else if (command[j] === "$" && command[j + 1] !== "{") throw new CommandSyntaxError("shell expansion inside double quotes is not supported");
        text += command[j];
      }
      if (j >= command.length) throw new CommandSyntaxError("unterminated double quote");
      word = (word ?? "") + text;
      i = j;
    } else if (c === "\\") {
      word = (word ?? "") + (command[i + 1] ?? "");
      i++;
    } else if (/\s/.test(c)) {
      push();
    } else if (c === "&" && command[i + 1] === "&") {
      push();
      commands.push([]);
      i++;
    } else if (UNSUPPORTED.has(c) || (c === "$" && command[i + 1] !== "{")) {
      throw new CommandSyntaxError(`shell syntax '${c}' is not supported in a local command`);
    } else {
      word = (word ?? "") + c;
    }
  }
  push();
  if (commands.some((argv) => argv.length === 0)) throw new CommandSyntaxError("empty command around '&&'");
  return commands;
}

/**
 * Azure's optional segments: `$[[--lr ${{inputs.lr}}]]` stays (without the brackets) when every
 * input it names has a value, and disappears otherwise.
 */
export function resolveOptional(command: string, bound: ReadonlySet<string>): string {
  return command.replace(/\$\[\[([\s\S]*?)\]\]/g, (_, inner: string) => {
    const names = [...inner.matchAll(/\$\{\{\s*inputs\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1] as string);
    return names.every((n) => bound.has(n)) ? inner : "";
  });
}

const PLACEHOLDER = /\$\{\{(inputs|outputs)\.([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

/** Replaces `${{inputs.x}}` / `${{outputs.y}}` inside each word; an unknown name is an error. */
export function substitute(line: CommandLine, values: { inputs: Record<string, string>; outputs: Record<string, string> }): CommandLine {
  return line.map((argv) =>
    argv.map((word) =>
      word.replace(PLACEHOLDER, (_, kind: "inputs" | "outputs", name: string) => {
        const value = values[kind][name];
        if (value === undefined) throw new CommandSyntaxError(`the command uses \${{${kind}.${name}}}, which the step does not have`);
        return value;
      }),
    ),
  );
}
