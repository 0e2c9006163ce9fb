import { format } from '#browser/strings/index';

describe('placeholders', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Tracked regarding {name}', { name: 'X' })).toBe('Tracked regarding X');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
