import { GraphError } from '#emulator/errors';
import { evaluate, parseExpand, parseFilter, parseOrderBy, parseSelect, sortBy } from '#emulator/graph/odata';

const CECP = 'String {00020329-0000-0000-C000-000000000046} Name cecp-5543ede2-4301-41c1-aa70-3fa96488d71e';

const message = {
  subject: "Nora's offer",
  isRead: false,
  receivedDateTime: '2026-01-10T12:00:00Z',
  categories: ['Tracked to Regarding', 'Blue category'],
  from: { emailAddress: { name: 'Nora Fischer', address: 'nora.fischer@fabrikam.example' } },
  singleValueExtendedProperties: [{ id: CECP, value: '{"regarding":{"state":"tracked"}}' }],
};

const matches = (filter: string, root: unknown = message) => evaluate(parseFilter(filter), root);

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof GraphError ? err.code : 'not a GraphError';
  }
}

describe('$filter', () => {
  it('matches categories with any()', () => {
    expect(matches("categories/any(c:c eq 'Tracked to Regarding')")).toBe(true);
    expect(matches("categories/any(c:c eq 'tracked to regarding')")).toBe(true);
    expect(matches("categories/any(c:c eq 'Red category')")).toBe(false);
    expect(matches("not categories/any(c:c eq 'Red category')")).toBe(true);
    expect(matches('categories/any()')).toBe(true);
    expect(matches('categories/any()', { categories: [] })).toBe(false);
  });

  it('matches singleValueExtendedProperties by id with ne null and eq', () => {
    expect(matches(`singleValueExtendedProperties/any(ep:ep/id eq '${CECP}' and ep/value ne null)`)).toBe(
      true,
    );
    expect(
      matches(`singleValueExtendedProperties/any(ep:ep/id eq '${CECP.toLowerCase()}' and ep/value ne null)`),
    ).toBe(true);
    expect(
      matches(
        `singleValueExtendedProperties/any(ep:ep/id eq 'String {00000000-0000-0000-0000-000000000000} Name x' and ep/value ne null)`,
      ),
    ).toBe(false);
    expect(
      matches(
        `singleValueExtendedProperties/any(ep:ep/id eq '${CECP}' and ep/value eq '{"regarding":{"state":"tracked"}}')`,
      ),
    ).toBe(true);
    expect(matches(`singleValueExtendedProperties/any(ep:ep/id eq '${CECP}' and ep/value eq 'other')`)).toBe(
      false,
    );
    expect(
      matches(`singleValueExtendedProperties/any(ep:ep/id eq '${CECP}')`, {
        singleValueExtendedProperties: [],
      }),
    ).toBe(false);
  });

  it('compares dates, booleans and nested paths, with and/or and parentheses', () => {
    expect(matches('receivedDateTime ge 2026-01-01T00:00:00Z')).toBe(true);
    expect(matches('receivedDateTime gt 2026-01-10T12:00:00Z')).toBe(false);
    expect(matches("receivedDateTime lt '2026-02-01T00:00:00Z' and isRead eq false")).toBe(true);
    expect(matches("from/emailAddress/address eq 'NORA.FISCHER@fabrikam.example'")).toBe(true);
    expect(matches("(isRead eq true or startswith(subject, 'nora')) and contains(subject, 'offer')")).toBe(
      true,
    );
    expect(matches("subject eq 'Nora''s offer'")).toBe(true);
  });

  it('rejects malformed expressions with ErrorInvalidUrlQueryFilter', () => {
    for (const bad of [
      "categories/any(c:c eq 'x'",
      'isRead eq',
      "subject 'x'",
      "subject eq 'open",
      'isRead eq true extra',
      '',
    ]) {
      expect(codeOf(() => parseFilter(bad))).toBe('ErrorInvalidUrlQueryFilter');
    }
  });
});

describe('$expand, $select, $orderby', () => {
  it('parses singleValueExtendedProperties with a nested filter', () => {
    const expand = parseExpand(`singleValueExtendedProperties($filter=id eq '${CECP}')`);
    expect(expand?.extendedProperties).not.toBeNull();
    expect(evaluate(expand!.extendedProperties!, { id: CECP, value: 'x' })).toBe(true);
    expect(evaluate(expand!.extendedProperties!, { id: 'String 0x0037', value: 'x' })).toBe(false);
    expect(parseExpand('singleValueExtendedProperties')).toEqual({ extendedProperties: null });
    expect(parseExpand(undefined)).toBeNull();
    expect(codeOf(() => parseExpand('attachments'))).toBe('ErrorInvalidUrlQuery');
  });

  it('checks $select against the entity and canonicalizes names', () => {
    expect(parseSelect('Subject, isRead', ['subject', 'isRead'], 'message')).toEqual(['subject', 'isRead']);
    expect(codeOf(() => parseSelect('subject,color', ['subject'], 'message'))).toBe('ErrorInvalidUrlQuery');
  });

  it('orders by nested paths in both directions', () => {
    const rows = [{ t: '2026-01-02' }, { t: '2026-01-03' }, { t: '2026-01-01' }];
    expect(sortBy(rows, parseOrderBy('t desc')!, (r) => r).map((r) => r.t)).toEqual([
      '2026-01-03',
      '2026-01-02',
      '2026-01-01',
    ]);
    expect(sortBy(rows, parseOrderBy('t')!, (r) => r).map((r) => r.t)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
    ]);
    expect(codeOf(() => parseOrderBy('t sideways'))).toBe('ErrorInvalidUrlQuery');
  });
});
