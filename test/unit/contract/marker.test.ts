import {
  FAILURE_CODE_MAX_CHARS,
  FAILURE_REASON_MAX_CHARS,
  MARKER_BY_MAX_CHARS,
  REGARDING_NAME_MAX_CHARS,
  TrackingMarker,
  buildMarker,
  parseMarker,
  serializeMarker,
} from '#contract';

const AT = new Date('2026-11-20T12:00:00.000Z');
const OPPORTUNITY = { type: 'opportunity', id: '3f1c2a8e-5b7d-4e61-9a0c-2d4b6e8f1a3c' } as const;
const ACTIVITY_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('building a marker', () => {
  it('builds a pending marker with only what is known', () => {
    const marker = buildMarker({ state: 'pending', kind: 'email', by: 'alex@contoso.example', at: AT });
    expect(marker).toStrictEqual({
      v: 1,
      state: 'pending',
      kind: 'email',
      by: 'alex@contoso.example',
      at: '2026-11-20T12:00:00.000Z',
    });
    expect(TrackingMarker.safeParse(marker).success).toBe(true);
  });

  it('keeps the regarding record and its display name, cut to the limit', () => {
    const name = 'N'.repeat(REGARDING_NAME_MAX_CHARS + 50);
    const marker = buildMarker({
      state: 'tracked',
      kind: 'appointment',
      by: 'u-1',
      at: AT,
      regarding: { ...OPPORTUNITY, name },
      activityId: ACTIVITY_ID,
    });
    expect(marker).toMatchObject({ regarding: OPPORTUNITY, activityId: ACTIVITY_ID });
    expect(marker.regardingName).toBe(name.slice(0, REGARDING_NAME_MAX_CHARS));
    expect(parseMarker(serializeMarker(marker))).toEqual(marker);
  });

  it('leaves out a regarding without name, and no regarding at all', () => {
    expect(
      buildMarker({ state: 'pending', kind: 'email', by: 'u', at: AT, regarding: OPPORTUNITY }),
    ).not.toHaveProperty('regardingName');
    expect(
      buildMarker({ state: 'pending', kind: 'email', by: 'u', at: AT, regarding: null }),
    ).not.toHaveProperty('regarding');
  });

  it('cuts the failure code and reason, and a long author, to their limits', () => {
    const marker = buildMarker({
      state: 'failed',
      kind: 'email',
      by: `${'a'.repeat(MARKER_BY_MAX_CHARS)}@contoso.example`,
      at: AT,
      failure: { code: 'c'.repeat(100), reason: 'r'.repeat(1000) },
    });
    expect(marker.code).toHaveLength(FAILURE_CODE_MAX_CHARS);
    expect(marker.reason).toHaveLength(FAILURE_REASON_MAX_CHARS);
    expect(marker.by).toHaveLength(MARKER_BY_MAX_CHARS);
    expect(TrackingMarker.safeParse(marker).success).toBe(true);
  });

  it('marks a marker written while composing', () => {
    expect(buildMarker({ state: 'pending', kind: 'email', by: 'u', at: AT, compose: true })).toMatchObject({
      compose: true,
    });
    expect(
      buildMarker({ state: 'pending', kind: 'email', by: 'u', at: AT, compose: false }),
    ).not.toHaveProperty('compose');
  });
});
