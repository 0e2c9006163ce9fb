import { parseInternetHeaders } from '#addin/office/headers';

describe('internet headers', () => {
  it('unfolds headers and extracts In-Reply-To and References', () => {
    expect(parseInternetHeaders('in-reply-to:\r\n <a@b>\r\nreferences: <r@1> <r@2>\r\n')).toEqual({
      inReplyTo: '<a@b>',
      references: ['<r@1>', '<r@2>'],
    });
    expect(parseInternetHeaders('Subject: hi\r\n')).toEqual({ references: [] });
  });
});
