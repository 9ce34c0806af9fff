/**
 * Azure runs a component's command with bash after substituting `${{inputs.x}}` as text. Locally,
 * a command made of words and `&&` runs without a shell: it is split into words first (POSIX
 * quoting) and placeholders are substituted inside words, so a parameter value such as
 * `a b; rm -rf ~ $(x)` reaches the script as one verbatim argv entry. A command that needs a
 * shell (redirection, pipes, `;`, variables, builtins such as `source`) runs with bash as on
 * Azure, but its placeholders become references to variables set for the process
 * ({@link shellScript}), so a value is still never parsed as shell syntax.
 */
export type CommandLine = string[][];

export class CommandSyntaxError extends Error {}
/** The command is well formed but needs a shell to run (see {@link needsShell}). */
export class ShellSyntaxError extends CommandSyntaxError {}

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
        else if (command[j] === "$" && command[j + 1] !== "{") throw new ShellSyntaxError("shell expansion inside double quotes is not supported");
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
      throw new ShellSyntaxError(`shell syntax '${c}' is not supported in a local command`);
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

/** Shell builtins a command may start with; no program of that name exists to start without bash. */
const BUILTINS = new Set(["source", ".", "cd", "export", "set", "unset", "eval", "exit", "ulimit", "umask", "alias", "trap"]);

/**
 * Whether a command needs bash to run: shell syntax beyond words and `&&`, or a builtin as a
 * program. A command that does not parse at all (an open quote) does not: its launch says why.
 */
export function needsShell(command: string): boolean {
  try {
    return parseCommand(command).some((argv) => BUILTINS.has(argv[0] as string));
  } catch (error) {
    if (error instanceof CommandSyntaxError) return error instanceof ShellSyntaxError;
    throw error;
  }
}

/** The environment variable a placeholder reads from in a shell script. */
export const placeholderVariable = (kind: "inputs" | "outputs", name: string) => `SLUICE_${kind.toUpperCase()}_${name}`;

/**
 * A command for `bash -c`: each `${{inputs.x}}` / `${{outputs.y}}` replaced by a reference to the
 * variable {@link placeholderVariable} names, quoted as one word wherever it stands (bare, inside
 * double quotes, or inside single quotes, which are closed around it), so a value is expanded once
 * and never parsed as shell syntax. `variables` gives each variable its value; an unknown name is
 * an error, as in {@link substitute}.
 */
export function shellScript(
  command: string,
  values: { inputs: Record<string, string>; outputs: Record<string, string> },
): { script: string; variables: Record<string, string> } {
  const variables: Record<string, string> = {};
  let script = "";
  let quote: "'" | '"' | undefined;
  const placeholder = /\$\{\{\s*(inputs|outputs)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;
  for (let i = 0; i < command.length; i++) {
    placeholder.lastIndex = i;
    const match = placeholder.exec(command);
    if (match) {
      const [text, kind, name] = match as unknown as [string, "inputs" | "outputs", string];
      const value = values[kind][name];
      if (value === undefined) throw new CommandSyntaxError(`the command uses \${{${kind}.${name}}}, which the step does not have`);
      const variable = placeholderVariable(kind, name);
      variables[variable] = value;
      script += quote === '"' ? `\${${variable}}` : quote === "'" ? `'"\${${variable}}"'` : `"\${${variable}}"`;
      i += text.length - 1;
      continue;
    }
    const c = command[i] as string;
    if (c === "\\" && quote !== "'") {
      script += c + (command[i + 1] ?? "");
      i++;
      continue;
    }
    if ((c === "'" || c === '"') && (quote === undefined || quote === c)) quote = quote === c ? undefined : c;
    script += c;
  }
  return { script, variables };
}
