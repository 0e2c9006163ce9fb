import { compile, join, likePrefix, raw, sql } from '#server/crm/sql';

describe('sql builder', () => {
  it('numbers values as placeholders across nested fragments', () => {
    const inner = sql`x.owner = ${'u1'} OR x.team = ANY(${['t1', 't2']})`;
    const { text, params } = compile(
      sql`SELECT * FROM t x WHERE x.id = ${42} AND (${inner}) AND x.name = ${'n'}`,
    );
    expect(text).toBe(
      'SELECT * FROM t x WHERE x.id = $1 AND (x.owner = $2 OR x.team = ANY($3)) AND x.name = $4',
    );
    expect(params).toEqual([42, 'u1', ['t1', 't2'], 'n']);
  });

  it('keeps input out of the SQL text, even when it looks like SQL', () => {
    const evil = "'; DROP TABLE contacts; --";
    const { text, params } = compile(sql`SELECT 1 WHERE name = ${evil}`);
    expect(text).not.toContain('DROP');
    expect(params).toEqual([evil]);
  });

  it('joins fragments with a separator and inlines raw text', () => {
    const parts = [sql`a = ${1}`, sql`b = ${2}`, raw('c IS NULL')];
    const { text, params } = compile(sql`WHERE ${join(parts, ' AND ')}`);
    expect(text).toBe('WHERE a = $1 AND b = $2 AND c IS NULL');
    expect(params).toEqual([1, 2]);
    expect(compile(join([], ', ')).text).toBe('');
  });

  it('escapes LIKE wildcards so search input matches literally', () => {
    expect(likePrefix('50%_off\\')).toBe('50\\%\\_off\\\\%');
    expect(likePrefix('nora')).toBe('nora%');
  });
});
