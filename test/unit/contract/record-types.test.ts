import { RegardingType, isRegardingType, recordTypes, regardingTypes } from '#contract';

describe('record types', () => {
  it('lets every record type but users be regarding', () => {
    expect(recordTypes.filter(isRegardingType)).toEqual([
      'contact',
      'lead',
      'account',
      'opportunity',
      'case',
    ]);
    expect(isRegardingType('user')).toBe(false);
    expect(isRegardingType('Contact')).toBe(false);
    expect(isRegardingType('fax')).toBe(false);
  });

  it('agrees with the RegardingType schema', () => {
    for (const type of [...recordTypes, 'fax'])
      expect(isRegardingType(type)).toBe(RegardingType.safeParse(type).success);
    expect(regardingTypes.every(isRegardingType)).toBe(true);
  });
});
