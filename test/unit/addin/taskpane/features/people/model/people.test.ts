import { distinctPeople, matchPeople } from '#addin/taskpane/features/people/model/people';
import { JOHN_CONTACT, JOHN_LEAD, SAM } from '#test/unit/addin/taskpane/fixtures.tsx';

describe('people model', () => {
  it('leaves out the user in any spelling and merges one person listed twice', () => {
    const people = distinctPeople(
      [
        { role: 'from', address: 'Nora.Fischer@Fabrikam.example', name: 'Nora Fischer' },
        { role: 'to', address: '<ALEX.MORGAN@contoso.example>' },
        { role: 'cc', address: 'nora.fischer@fabrikam.example' },
        { role: 'cc', address: 'not an address' },
      ],
      'alex.morgan@contoso.example',
    );
    expect(people).toEqual([
      {
        address: 'Nora.Fischer@Fabrikam.example',
        normalized: 'nora.fischer@fabrikam.example',
        displayName: 'Nora Fischer',
        roles: ['from', 'cc'],
      },
      { address: 'not an address', normalized: null, displayName: null, roles: ['cc'] },
    ]);
  });

  it('reads one match as matched, several as ambiguous unless a choice is remembered, none as unknown', () => {
    const base = distinctPeople(
      [
        { role: 'from', address: 'a@x.example' },
        { role: 'to', address: 'b@x.example' },
        { role: 'to', address: 'c@x.example' },
        { role: 'to', address: 'd@x.example' },
      ],
      'me@x.example',
    );
    const r = (address: string, matches = [JOHN_CONTACT], choice: typeof JOHN_CONTACT | null = null) => ({
      address,
      normalized: address,
      matches,
      choice: choice && { type: choice.type, id: choice.id },
    });
    const people = matchPeople(base, [
      r('a@x.example', [SAM]),
      r('b@x.example', [JOHN_CONTACT, JOHN_LEAD]),
      r('c@x.example', [JOHN_CONTACT, JOHN_LEAD], JOHN_LEAD),
      r('d@x.example', []),
    ]);
    expect(people.map((p) => [p.state, p.record?.type ?? null])).toEqual([
      ['matched', 'user'],
      ['ambiguous', null],
      ['matched', 'lead'],
      ['unknown', null],
    ]);
  });
});
