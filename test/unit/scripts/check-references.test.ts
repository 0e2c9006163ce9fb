import { findReferences } from '#scripts/check-references';

describe('the stand-alone check of the lint', () => {
  it('flags pointers outside the repository and issue numbers', () => {
    const text = [
      'see ../shared/office-manifest-xsd',
      '// as DESIGN.md section 4 says',
      'the brief wants it',
      'fixed in issue 12',
    ].join('\n');
    expect(findReferences('x.ts', text).map((p) => p.split(':')[1])).toEqual(['1', '2', '3', '4']);
  });

  it('leaves ordinary words alone', () => {
    expect(findReferences('x.ts', 'the service is briefly unavailable; shared code; design notes')).toEqual(
      [],
    );
  });
});
