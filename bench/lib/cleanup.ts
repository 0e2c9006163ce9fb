/** Steps that undo a benchmark's setup, run last-registered first, each even when another fails. */
export function createCleanup() {
  const steps: (() => Promise<unknown>)[] = [];
  return {
    defer(step: () => Promise<unknown>): void {
      steps.unshift(step);
    },
    async run(): Promise<void> {
      for (const step of steps) await step().catch((error: unknown) => console.error('cleanup:', error));
    },
  };
}

export type Cleanup = ReturnType<typeof createCleanup>;
