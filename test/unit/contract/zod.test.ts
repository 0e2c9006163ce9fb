import { ResolveRequest, SearchQuery, TrackRequest } from '#contract';

/** Classic zod registers English itself; the contract's `zod/mini` must be told to. */
describe('validation messages', () => {
  it('are English sentences naming what was wrong', () => {
    const result = ResolveRequest.safeParse({ addresses: 'a@b.example', extra: 1 });
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Invalid input: expected array, received string',
      'Unrecognized key: "extra"',
    ]);
    const tooMany = TrackRequest.safeParse({ item: { subject: 's'.repeat(2001), people: [] } });
    expect(tooMany.error?.issues[0]?.message).toBe('Too big: expected string to have <=2000 characters');
  });
});

describe('search query', () => {
  it('trims the text, reads the types and defaults the limit', () => {
    expect(SearchQuery.parse({ q: '  fab ', types: 'account, opportunity' })).toEqual({
      q: 'fab',
      types: ['account', 'opportunity'],
      limit: 10,
    });
    expect(SearchQuery.parse({ q: 'fab', limit: '25' })).toMatchObject({
      types: ['contact', 'lead', 'account', 'opportunity', 'case'],
      limit: 25,
    });
  });

  it('names unknown types and refuses users', () => {
    const result = SearchQuery.safeParse({ q: 'fab', types: 'contact,user,fax' });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['types'], message: 'unknown record type: user, fax' }),
    ]);
  });
});
