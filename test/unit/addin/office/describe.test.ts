import { describeOfficeError } from '#addin/office/describe';

describe('Office error wording', () => {
  it('says what Outlook could not do in words a sales rep understands', () => {
    expect(describeOfficeError({ kind: 'office', code: 'unsupported', message: 'x' })).toMatch(
      /This version of Outlook/,
    );
  });
});
