import { z } from 'zod';

/**
 * Run-time fault injection. The host page and tests switch faults through
 * `GET/PUT /emulator/api/faults`; the Graph routes and the CRM proxy consult this object.
 */
export const GraphFaultMode = z.enum(['none', 'throttle', 'unavailable']);
export type GraphFaultMode = z.infer<typeof GraphFaultMode>;

export const FaultsInput = z
  .object({
    graph: z
      .object({
        mode: GraphFaultMode.optional(),
        retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
        latencyMs: z.number().int().min(0).max(120_000).optional(),
        /** Only the next N Graph requests are affected; then the faults switch off. null = until changed. */
        remaining: z.number().int().min(1).max(1_000_000).nullable().optional(),
        /** Only requests for this mailbox (address or object id) are affected. null or '' = all. */
        mailbox: z.string().trim().max(320).nullable().optional(),
      })
      .strict()
      .optional(),
    crm: z.object({ unreachable: z.boolean().optional() }).strict().optional(),
  })
  .strict();
export type FaultsInput = z.infer<typeof FaultsInput>;

export type GraphFaults = {
  mode: GraphFaultMode;
  retryAfterSeconds: number;
  latencyMs: number;
  remaining?: number;
  mailbox?: string;
};
export type FaultsSnapshot = { graph: GraphFaults; crm: { unreachable: boolean } };

export type GraphFaultDecision = {
  latencyMs: number;
  mode: GraphFaultMode;
  retryAfterSeconds: number;
  scoped: boolean;
};

const DEFAULTS: FaultsSnapshot = {
  graph: { mode: 'none', retryAfterSeconds: 5, latencyMs: 0 },
  crm: { unreachable: false },
};

export class Faults {
  private state: FaultsSnapshot = structuredClone(DEFAULTS);

  snapshot(): FaultsSnapshot {
    return structuredClone(this.state);
  }

  /** Merges a (partial) update; `remaining: null` / `mailbox: null` clear those limits. */
  update(input: FaultsInput): FaultsSnapshot {
    const graph = { ...this.state.graph };
    const g = input.graph;
    if (g?.mode !== undefined) graph.mode = g.mode;
    if (g?.retryAfterSeconds !== undefined) graph.retryAfterSeconds = g.retryAfterSeconds;
    if (g?.latencyMs !== undefined) graph.latencyMs = g.latencyMs;
    if (g?.remaining === null) delete graph.remaining;
    else if (g?.remaining !== undefined) graph.remaining = g.remaining;
    if (g?.mailbox === null || g?.mailbox === '') delete graph.mailbox;
    else if (g?.mailbox !== undefined) graph.mailbox = g.mailbox.toLowerCase();
    this.state = {
      graph,
      crm: { unreachable: input.crm?.unreachable ?? this.state.crm.unreachable },
    };
    return this.snapshot();
  }

  reset(): FaultsSnapshot {
    this.state = structuredClone(DEFAULTS);
    return this.snapshot();
  }

  crmUnreachable(): boolean {
    return this.state.crm.unreachable;
  }

  /**
   * What happens to a Graph request for `mailbox` (address or object id, null when the URL names
   * none). Consumes one of `remaining` when a fault applies.
   * `matches` tells whether the request's mailbox is the one faults are limited to.
   */
  decideGraph(matches: (mailbox: string) => boolean): GraphFaultDecision | null {
    const g = this.state.graph;
    if (g.mode === 'none' && g.latencyMs === 0) return null;
    if (g.mailbox !== undefined && !matches(g.mailbox)) return null;
    const decision = {
      latencyMs: g.latencyMs,
      mode: g.mode,
      retryAfterSeconds: g.retryAfterSeconds,
      scoped: g.mailbox !== undefined,
    };
    if (g.remaining !== undefined) {
      g.remaining -= 1;
      if (g.remaining <= 0) this.state.graph = { ...DEFAULTS.graph, retryAfterSeconds: g.retryAfterSeconds };
    }
    return decision;
  }
}
