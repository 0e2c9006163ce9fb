import { DEV_TENANT_ID } from '#contract';
import type { Queryable } from '../types';
import type { BusinessUnitIds } from './context';
import type { Random } from './random';

/** The Contoso organization under the dev tenant, and its business units (two sales units under the root). */
export async function seedOrganization(
  q: Queryable,
  rnd: Random,
): Promise<{ orgId: string; businessUnits: BusinessUnitIds }> {
  const orgId = rnd.uuid();
  await q.query('INSERT INTO organizations (id, name, tenant_id) VALUES ($1, $2, $3)', [
    orgId,
    'Contoso',
    DEV_TENANT_ID,
  ]);
  const businessUnits: BusinessUnitIds = {
    Contoso: rnd.uuid(),
    'Sales West': rnd.uuid(),
    'Sales East': rnd.uuid(),
  };
  await q.query(
    `INSERT INTO business_units (id, organization_id, name, parent_id) VALUES
     ($1, $4, 'Contoso', NULL), ($2, $4, 'Sales West', $1), ($3, $4, 'Sales East', $1)`,
    [businessUnits.Contoso, businessUnits['Sales West'], businessUnits['Sales East'], orgId],
  );
  return { orgId, businessUnits };
}
