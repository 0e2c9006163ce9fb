import { Faults, FaultsInput } from '#emulator/faults/faults';

describe('faults', () => {
  it('applies to every request until switched off', () => {
    const faults = new Faults();
    expect(faults.decideGraph(() => true)).toBeNull();
    faults.update({ graph: { mode: 'throttle', retryAfterSeconds: 9 } });
    for (let i = 0; i < 3; i++)
      expect(faults.decideGraph(() => false)).toEqual({
        mode: 'throttle',
        retryAfterSeconds: 9,
        latencyMs: 0,
        scoped: false,
      });
    faults.update({ graph: { mode: 'none' } });
    expect(faults.decideGraph(() => true)).toBeNull();
  });

  it('counts down `remaining` and then switches itself off', () => {
    const faults = new Faults();
    faults.update({ graph: { mode: 'unavailable', latencyMs: 50, remaining: 2 } });
    expect(faults.decideGraph(() => true)?.mode).toBe('unavailable');
    expect(faults.snapshot().graph.remaining).toBe(1);
    expect(faults.decideGraph(() => true)?.mode).toBe('unavailable');
    expect(faults.decideGraph(() => true)).toBeNull();
    expect(faults.snapshot().graph).toMatchObject({ mode: 'none', latencyMs: 0 });
  });

  it('limits faults to one mailbox without consuming `remaining` for others', () => {
    const faults = new Faults();
    faults.update({ graph: { mode: 'throttle', mailbox: 'Sam.Lee@contoso.example', remaining: 1 } });
    expect(faults.decideGraph((m) => m === 'alex.morgan@contoso.example')).toBeNull();
    expect(faults.decideGraph((m) => m === 'sam.lee@contoso.example')?.scoped).toBe(true);
    expect(faults.decideGraph((m) => m === 'sam.lee@contoso.example')).toBeNull();
  });

  it('validates input', () => {
    expect(FaultsInput.safeParse({ graph: { mode: 'boom' } }).success).toBe(false);
    expect(FaultsInput.safeParse({ graph: { latencyMs: -1 } }).success).toBe(false);
    expect(FaultsInput.safeParse({ extra: true }).success).toBe(false);
    expect(FaultsInput.safeParse({ crm: { unreachable: true } }).success).toBe(true);
  });
});

describe('fault limits from the host page form', () => {
  it('treats an empty mailbox and a null remaining as "no limit"', () => {
    const faults = new Faults();
    faults.update({ graph: { mode: 'throttle', mailbox: 'sam.lee@contoso.example', remaining: 3 } });
    faults.update(FaultsInput.parse({ graph: { mailbox: '', remaining: null } }));
    expect(faults.snapshot().graph).toEqual({ mode: 'throttle', retryAfterSeconds: 5, latencyMs: 0 });
  });
});
