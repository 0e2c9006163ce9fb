import { createRandom } from '#server/db/seed/random';
import { progressBar } from '#server/db/seed-cli-progress';

describe('seed randomness', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const seqA = Array.from({ length: 5 }, () => a.uuid());
    expect(Array.from({ length: 5 }, () => b.uuid())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.uuid())).not.toEqual(seqA);
    for (const id of seqA)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('stays within bounds', () => {
    const r = createRandom(1);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(3);
    }
  });
});

describe('seed progress bar', () => {
  it('prints done/total, rate and ETA', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const bar = progressBar('rows', stream);
    bar(1000, 1000);
    expect(lines.at(-1)).toMatch(/^rows \[#{30}\] 1,000\/1,000 {2}[\d,]+\/s {2}ETA 0s\n$/);
  });
});
