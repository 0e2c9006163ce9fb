import { badRequest, GraphError } from '../errors';

/**
 * The OData query subset Graph's mail and calendar APIs support and the sync engine uses:
 * `$filter` with comparisons, and/or/not, parentheses, `any` lambdas over collections (categories,
 * singleValueExtendedProperties) and startswith/contains; `$expand` of singleValueExtendedProperties
 * with a nested `$filter`; `$select`; `$orderby`.
 */
export type Literal = string | number | boolean | null;
type Operand = { type: 'path'; segments: string[] } | { type: 'literal'; value: Literal };
export type FilterNode =
  | { type: 'cmp'; op: CmpOp; left: Operand; right: Operand }
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; expr: FilterNode }
  | {
      type: 'lambda';
      quantifier: 'any' | 'all';
      path: string[];
      variable: string | null;
      expr: FilterNode | null;
    }
  | { type: 'call'; fn: 'startswith' | 'endswith' | 'contains'; target: Operand; arg: Operand };

type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const CMP_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'punct'; text: '(' | ')' | ',' | ':' };

function invalid(message: string): GraphError {
  return badRequest(`Invalid filter clause: ${message}`, 'ErrorInvalidUrlQueryFilter');
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === ':') {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    } else if (ch === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= input.length) throw invalid('unterminated string literal');
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += input[i];
        i++;
      }
      tokens.push({ kind: 'string', text });
    } else {
      // Identifiers, paths (a/b), numbers and unquoted date-times (2024-01-01T00:00:00Z).
      const m = /^[A-Za-z0-9_$./+\-:]+/.exec(input.slice(i));
      if (!m) throw invalid(`unexpected character '${ch}'`);
      let text = m[0];
      // A colon ends a lambda variable (`c:`) but belongs to a date-time literal.
      if (!/^\d{4}-\d{2}-\d{2}T/.test(text) && text.includes(':')) text = text.slice(0, text.indexOf(':'));
      i += text.length;
      if (/^-?\d+(\.\d+)?$/.test(text)) tokens.push({ kind: 'number', value: Number(text) });
      else tokens.push({ kind: 'ident', text });
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    const node = this.or();
    if (this.pos < this.tokens.length) throw invalid('unexpected trailing input');
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw invalid('unexpected end of expression');
    return t;
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t?.kind === 'ident' && t.text.toLowerCase() === word;
  }

  private expectPunct(text: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) throw invalid(`expected '${text}'`);
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.isWord('or')) {
      this.pos++;
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.unary();
    while (this.isWord('and')) {
      this.pos++;
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.isWord('not')) {
      this.pos++;
      return { type: 'not', expr: this.unary() };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    const t = this.peek();
    if (t?.kind === 'punct' && t.text === '(') {
      this.pos++;
      const inner = this.or();
      this.expectPunct(')');
      return inner;
    }
    if (t?.kind === 'ident') {
      const lower = t.text.toLowerCase();
      const lambda = /^(.*)\/(any|all)$/i.exec(t.text);
      if (lambda) {
        this.pos++;
        this.expectPunct('(');
        const after = this.peek();
        if (after?.kind === 'punct' && after.text === ')') {
          this.pos++;
          return {
            type: 'lambda',
            quantifier: 'any',
            path: splitPath(lambda[1] ?? ''),
            variable: null,
            expr: null,
          };
        }
        const variable = this.next();
        if (variable.kind !== 'ident') throw invalid('expected a lambda variable');
        this.expectPunct(':');
        const expr = this.or();
        this.expectPunct(')');
        return {
          type: 'lambda',
          quantifier: (lambda[2] ?? 'any').toLowerCase() as 'any' | 'all',
          path: splitPath(lambda[1] ?? ''),
          variable: variable.text,
          expr,
        };
      }
      if (lower === 'startswith' || lower === 'endswith' || lower === 'contains') {
        this.pos++;
        this.expectPunct('(');
        const target = this.operand();
        this.expectPunct(',');
        const arg = this.operand();
        this.expectPunct(')');
        return { type: 'call', fn: lower, target, arg };
      }
    }
    const left = this.operand();
    const op = this.next();
    if (op.kind !== 'ident' || !CMP_OPS.has(op.text.toLowerCase()))
      throw invalid('expected a comparison operator');
    const right = this.operand();
    return { type: 'cmp', op: op.text.toLowerCase() as CmpOp, left, right };
  }

  private operand(): Operand {
    const t = this.next();
    if (t.kind === 'string') return { type: 'literal', value: t.text };
    if (t.kind === 'number') return { type: 'literal', value: t.value };
    if (t.kind === 'ident') {
      const lower = t.text.toLowerCase();
      if (lower === 'null') return { type: 'literal', value: null };
      if (lower === 'true' || lower === 'false') return { type: 'literal', value: lower === 'true' };
      if (/^\d{4}-\d{2}-\d{2}/.test(t.text)) return { type: 'literal', value: t.text };
      return { type: 'path', segments: splitPath(t.text) };
    }
    throw invalid('expected a property or a literal');
  }
}

function splitPath(path: string): string[] {
  const segments = path.split('/').filter(Boolean);
  if (segments.length === 0) throw invalid('empty property path');
  return segments;
}

export function parseFilter(input: string): FilterNode {
  const tokens = tokenize(input);
  if (tokens.length === 0) throw invalid('empty expression');
  return new Parser(tokens).parse();
}

type Scope = Record<string, unknown>;

function property(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return obj[key];
  return undefined;
}

function resolve(operand: Operand, root: unknown, scope: Scope): unknown {
  if (operand.type === 'literal') return operand.value;
  const [first, ...rest] = operand.segments;
  let value: unknown = first !== undefined && first in scope ? scope[first] : property(root, first ?? '');
  for (const segment of rest) value = property(value, segment);
  return value === undefined ? null : value;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

function compare(op: CmpOp, a: unknown, b: unknown): boolean {
  if (a === null || b === null) {
    if (op === 'eq') return a === b;
    if (op === 'ne') return a !== b;
    return false;
  }
  let x: string | number | boolean;
  let y: string | number | boolean;
  if (typeof a === 'string' && typeof b === 'string' && ISO_DATE.test(a) && ISO_DATE.test(b)) {
    x = Date.parse(a);
    y = Date.parse(b);
  } else if (typeof a === 'string' && typeof b === 'string') {
    // Exchange compares strings case-insensitively.
    x = a.toLowerCase();
    y = b.toLowerCase();
  } else if (typeof a === typeof b && (typeof a === 'number' || typeof a === 'boolean')) {
    x = a as number | boolean;
    y = b as number | boolean;
  } else {
    return op === 'ne';
  }
  switch (op) {
    case 'eq':
      return x === y;
    case 'ne':
      return x !== y;
    case 'gt':
      return x > y;
    case 'ge':
      return x >= y;
    case 'lt':
      return x < y;
    case 'le':
      return x <= y;
  }
}

export function evaluate(node: FilterNode, root: unknown, scope: Scope = {}): boolean {
  switch (node.type) {
    case 'and':
      return evaluate(node.left, root, scope) && evaluate(node.right, root, scope);
    case 'or':
      return evaluate(node.left, root, scope) || evaluate(node.right, root, scope);
    case 'not':
      return !evaluate(node.expr, root, scope);
    case 'cmp':
      return compare(node.op, resolve(node.left, root, scope), resolve(node.right, root, scope));
    case 'call': {
      const target = resolve(node.target, root, scope);
      const arg = resolve(node.arg, root, scope);
      if (typeof target !== 'string' || typeof arg !== 'string') return false;
      const t = target.toLowerCase();
      const a = arg.toLowerCase();
      return node.fn === 'startswith'
        ? t.startsWith(a)
        : node.fn === 'endswith'
          ? t.endsWith(a)
          : t.includes(a);
    }
    case 'lambda': {
      const collection = resolve({ type: 'path', segments: node.path }, root, scope);
      const items = Array.isArray(collection) ? collection : [];
      if (!node.expr || !node.variable) return items.length > 0;
      const variable = node.variable;
      const test = (element: unknown) =>
        evaluate(node.expr as FilterNode, root, { ...scope, [variable]: element });
      return node.quantifier === 'any' ? items.some(test) : items.every(test);
    }
  }
}

/** `$select=a,b` -> ['a','b'], checked against the entity's properties (as Graph does). */
export function parseSelect(
  input: string | undefined,
  known: readonly string[],
  entity: string,
): string[] | null {
  if (input === undefined || input.trim() === '') return null;
  const lowerKnown = new Map(known.map((k) => [k.toLowerCase(), k]));
  return input.split(',').map((raw) => {
    const name = raw.trim();
    const canonical = lowerKnown.get(name.toLowerCase());
    if (!canonical)
      throw badRequest(
        `Could not find a property named '${name}' on type 'microsoft.graph.${entity}'.`,
        'ErrorInvalidUrlQuery',
      );
    return canonical;
  });
}

/** `$expand=singleValueExtendedProperties($filter=id eq '...')` -> the nested filter (or null = all). */
export function parseExpand(input: string | undefined): { extendedProperties: FilterNode | null } | null {
  if (input === undefined || input.trim() === '') return null;
  const m = /^\s*singleValueExtendedProperties\s*(?:\((.*)\))?\s*$/is.exec(input);
  if (!m)
    throw badRequest(
      `Parsing OData Select and Expand failed: only singleValueExtendedProperties can be expanded.`,
      'ErrorInvalidUrlQuery',
    );
  const options = m[1]?.trim();
  if (!options) return { extendedProperties: null };
  const f = /^\$filter\s*=\s*(.+)$/is.exec(options);
  if (!f) throw badRequest('Only $filter is supported inside $expand options.', 'ErrorInvalidUrlQuery');
  return { extendedProperties: parseFilter(f[1] ?? '') };
}

export type OrderBy = { path: string[]; descending: boolean };

export function parseOrderBy(input: string | undefined): OrderBy[] | null {
  if (input === undefined || input.trim() === '') return null;
  return input.split(',').map((part) => {
    const [path, direction, extra] = part.trim().split(/\s+/);
    if (!path || extra !== undefined || (direction && !/^(asc|desc)$/i.test(direction)))
      throw badRequest(`Invalid $orderby expression '${part.trim()}'.`, 'ErrorInvalidUrlQuery');
    return { path: splitPath(path), descending: direction?.toLowerCase() === 'desc' };
  });
}

export function sortBy<T>(values: T[], orderBy: OrderBy[], view: (value: T) => unknown): T[] {
  const keyed = values.map((value) => ({ value, root: view(value) }));
  keyed.sort((a, b) => {
    for (const o of orderBy) {
      const x = resolve({ type: 'path', segments: o.path }, a.root, {});
      const y = resolve({ type: 'path', segments: o.path }, b.root, {});
      if (x === y) continue;
      if (x === null) return o.descending ? 1 : -1;
      if (y === null) return o.descending ? -1 : 1;
      const cmp = (x as string | number) < (y as string | number) ? -1 : 1;
      return o.descending ? -cmp : cmp;
    }
    return 0;
  });
  return keyed.map((k) => k.value);
}
