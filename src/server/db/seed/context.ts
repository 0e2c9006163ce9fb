import type { DemoUser } from '#contract';
import type { Queryable } from '../types';
import type { Random } from './random';

/**
 * What every generator writes with. The PRNG is shared and consumed in a fixed order (the order
 * `seedDemo` calls the generators in), which is what makes the ids the same on every run.
 */
export type SeedContext = { q: Queryable; rnd: Random; orgId: string };

export type BusinessUnitIds = Record<DemoUser['businessUnit'], string>;

/** The CRM user id of each demo user, by email. */
export type UserIds = ReadonlyMap<string, string>;
