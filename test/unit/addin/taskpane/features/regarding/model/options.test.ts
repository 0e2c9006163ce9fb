import { suggestionsFrom } from '#addin/taskpane/features/regarding/model/options';
import { FABRIKAM, NORA, NORA_CARD, SAM } from '#test/unit/addin/taskpane/fixtures.tsx';

describe('regarding suggestions', () => {
  it("offers the people's open opportunities and cases, then their accounts, then the people", () => {
    const people = [
      {
        address: NORA.email!,
        normalized: NORA.email,
        displayName: null,
        roles: ['from' as const],
        state: 'matched' as const,
        record: NORA,
        matches: [NORA],
      },
      {
        address: SAM.email!,
        normalized: SAM.email,
        displayName: null,
        roles: ['to' as const],
        state: 'matched' as const,
        record: SAM,
        matches: [SAM],
      },
    ];
    const names = suggestionsFrom(people, [NORA_CARD]).map((o) => `${o.type}:${o.name}`);
    expect(names).toEqual([
      'opportunity:Fabrikam 500 seats',
      'case:Login fails on tablets',
      `account:${FABRIKAM.name}`,
      'contact:Nora Fischer',
    ]);
  });
});
