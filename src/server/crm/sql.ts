/**
 * A tiny parameterized-SQL builder: values become `$n` placeholders, nested fragments are inlined
 * with their own values renumbered. The only way the CRM domain builds dynamic SQL.
 */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values);
}

/** Trusted SQL text (identifiers and keywords chosen by code, never by input). */
export function raw(text: string): Sql {
  return new Sql([text], []);
}

export function join(parts: readonly Sql[], separator: string): Sql {
  if (parts.length === 0) return raw('');
  const strings: string[] = [''];
  const values: unknown[] = [];
  parts.forEach((part, i) => {
    if (i > 0) strings[strings.length - 1] += separator;
    strings[strings.length - 1] += '';
    values.push(part);
    strings.push('');
  });
  return new Sql(strings, values);
}

export function compile(fragment: Sql): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const build = (f: Sql): string => {
    let text = f.strings[0] ?? '';
    f.values.forEach((v, i) => {
      if (v instanceof Sql) text += build(v);
      else {
        params.push(v);
        text += `$${params.length}`;
      }
      text += f.strings[i + 1] ?? '';
    });
    return text;
  };
  return { text: build(fragment), params };
}

/** Escapes `%`, `_` and `\` so user input is matched literally in a LIKE prefix pattern. */
export function likePrefix(input: string): string {
  return input.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

/** A fragment as the arguments of `Queryable.query`: its text and its parameters. */
export function args(fragment: Sql): [string, unknown[]] {
  const { text, params } = compile(fragment);
  return [text, params];
}
