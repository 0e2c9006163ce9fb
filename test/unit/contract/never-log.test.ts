import { isNeverLogged, neverLogMatcher, normalizeNeverLogEntry } from '#contract/never-log';

describe('never-log entries', () => {
  it('stores an address normalized and a domain, with or without @, as @domain', () => {
    expect(normalizeNeverLogEntry(' Boss@Contoso.example ')).toBe('boss@contoso.example');
    expect(normalizeNeverLogEntry('@Private.example')).toBe('@private.example');
    expect(normalizeNeverLogEntry('news.example')).toBe('@news.example');
    expect(normalizeNeverLogEntry('bücher.example')).toBe('@xn--bcher-kva.example');
  });

  it('refuses what is neither an address nor a domain', () => {
    for (const entry of ['not a domain', 'example', '@', '', 'a@', 'a@b'])
      expect(normalizeNeverLogEntry(entry)).toBeNull();
  });
});

describe('matching the never-log list', () => {
  it('matches the address itself, whatever its case', () => {
    expect(isNeverLogged('ana@fabrikam.example', ['ANA@Fabrikam.example'])).toBe(true);
    expect(isNeverLogged('Ana@Fabrikam.example', ['ana@fabrikam.example'])).toBe(true);
    expect(isNeverLogged('bo@fabrikam.example', ['ana@fabrikam.example'])).toBe(false);
  });

  it('matches a domain and its subdomains, never a domain that merely ends the same', () => {
    expect(isNeverLogged('ana@fabrikam.example', ['fabrikam.example'])).toBe(true);
    expect(isNeverLogged('ana@mail.fabrikam.example', ['@fabrikam.example'])).toBe(true);
    expect(isNeverLogged('ana@notfabrikam.example', ['fabrikam.example'])).toBe(false);
    expect(isNeverLogged('ana@xn--bcher-kva.example', ['@bücher.example'])).toBe(true);
  });

  it('ignores invalid entries and invalid addresses', () => {
    expect(isNeverLogged('ana@example', ['example'])).toBe(false);
    expect(isNeverLogged('not an address', ['fabrikam.example'])).toBe(false);
    expect(isNeverLogged('ana@fabrikam.example', [])).toBe(false);
  });

  it('tests many addresses against a list read once', () => {
    const matches = neverLogMatcher(['@private.example', 'boss@contoso.example']);
    expect(
      ['x@private.example', 'boss@contoso.example', 'sam@contoso.example'].map((a) => matches(a)),
    ).toEqual([true, true, false]);
  });
});
