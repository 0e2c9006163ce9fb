import { z } from 'zod';
import { ResolveRequest } from '#contract';
import { AppError } from '#server/errors';
import { parsePart, toAppError } from '#server/http/errors';

describe('error mapping', () => {
  it('keeps an AppError as it is', () => {
    const error = new AppError('conflict', 'already there');
    expect(toAppError(error)).toBe(error);
  });

  it('turns a schema failure into validation_failed naming each field and where it is', () => {
    let caught: unknown;
    try {
      parsePart('body', ResolveRequest, {
        addresses: Array.from({ length: 101 }, () => 'a@b.example'),
        extra: 1,
      });
    } catch (error) {
      caught = error;
    }
    const error = caught as AppError;
    expect(error.code).toBe('validation_failed');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^The request body is invalid: /);
    expect(error.message).toContain('addresses');
    const { issues } = error.details as { issues: { in: string; path: unknown[]; code: string }[] };
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'body', path: ['addresses'], code: 'too_big' }),
        expect.objectContaining({ in: 'body', path: [], code: 'unrecognized_keys' }),
      ]),
    );
  });

  it('maps the parser failures of Fastify to stable codes with actionable messages', () => {
    const cases: [string, string, number, RegExp][] = [
      ['FST_ERR_CTP_INVALID_JSON_BODY', 'malformed_json', 400, /not valid JSON/],
      ['FST_ERR_CTP_BODY_TOO_LARGE', 'payload_too_large', 413, /1 MB/],
      ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 'unsupported_media_type', 415, /application\/json/],
    ];
    for (const [fastifyCode, code, status, message] of cases) {
      const mapped = toAppError(Object.assign(new Error('x'), { code: fastifyCode, statusCode: 400 }));
      expect([mapped.code, mapped.status]).toEqual([code, status]);
      expect(mapped.message).toMatch(message);
    }
  });

  it('treats a lost database connection as retryable, and hides the details of unknown failures', () => {
    const lost = toAppError(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    );
    expect([lost.code, lost.status, lost.retryAfter]).toEqual(['unavailable', 503, 5]);
    const unknown = toAppError(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(unknown.code).toBe('internal');
    expect(unknown.message).not.toContain('secret');
  });

  it('reads a plain ZodError as a body validation failure', () => {
    const result = z.object({ n: z.number() }).safeParse({ n: 'one' });
    expect(result.success).toBe(false);
    if (!result.success) expect(toAppError(result.error).code).toBe('validation_failed');
  });
});
