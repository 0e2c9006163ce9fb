import type { FastifyRequest } from 'fastify';
import { preferences } from '#emulator/graph/http';

const req = (prefer: string | string[] | undefined) => ({ headers: { prefer } }) as unknown as FastifyRequest;

describe('Prefer header', () => {
  it('reads IdType, odata.maxpagesize, body type and time zone from one or several headers', () => {
    expect(preferences(req('IdType="ImmutableId", odata.maxpagesize=25, outlook.timezone="UTC"'))).toEqual({
      immutableIds: true,
      maxPageSize: 25,
      textBody: false,
      utc: true,
    });
    expect(preferences(req(['odata.maxpagesize=5', 'outlook.body-content-type="text"']))).toEqual({
      immutableIds: false,
      maxPageSize: 5,
      textBody: true,
      utc: false,
    });
  });

  it('ignores what it does not honour', () => {
    expect(
      preferences(req('IdType="RestId", odata.maxpagesize=abc, outlook.timezone="Pacific Standard Time"')),
    ).toEqual({
      immutableIds: false,
      maxPageSize: null,
      textBody: false,
      utc: false,
    });
    expect(preferences(req(undefined)).maxPageSize).toBeNull();
  });
});

describe('body text', () => {
  it('keeps the whole text with paragraph breaks, and previews 255 characters on one line', async () => {
    const { htmlToText, bodyPreview } = await import('#emulator/graph/serialize');
    const long = 'x'.repeat(300);
    const html = `<html><head><title>t</title></head><body><p>Hi &amp; welcome,</p><p>${long}</p></body></html>`;
    expect(htmlToText(html)).toBe(`Hi & welcome,\n${long}`);
    expect(bodyPreview(html)).toBe(`Hi & welcome, ${long}`.slice(0, 255));
  });
});
