import { cardRows } from '#addin/taskpane/features/preview/model/cardRows';
import { fullCard, NORA, PRIYA } from '#test/unit/addin/taskpane/fixtures.tsx';

describe('preview rows', () => {
  it('does not repeat the name of the heading, and shows a lead without an account by its company', () => {
    const rows = cardRows(
      fullCard(PRIYA, {
        fields: [
          { key: 'firstName', label: 'First name', value: 'Priya', secured: false },
          { key: 'lastName', label: 'Last name', value: 'Raman', secured: false },
          { key: 'companyName', label: 'Company', value: 'Northwind Traders', secured: false },
          { key: 'status', label: 'Status', value: 'open', secured: false },
        ],
      }),
    );
    const labels = rows.map((r) => r.label);
    expect(labels).not.toContain('First name');
    expect(labels).not.toContain('Last name');
    expect(labels).not.toContain('Account');
    expect(rows.find((r) => r.label === 'Company')?.value).toBe('Northwind Traders');
    expect(rows.find((r) => r.label === 'Status')?.value).toBe('Open');
  });

  it('keeps a name field that is secured or says something the heading does not', () => {
    const rows = cardRows(
      fullCard(NORA, {
        fields: [
          { key: 'firstName', label: 'First name', value: null, secured: true },
          { key: 'lastName', label: 'Last name', value: 'Fischer-Maier', secured: false },
        ],
      }),
    );
    expect(rows.find((r) => r.label === 'First name')).toMatchObject({ secured: true });
    expect(rows.find((r) => r.label === 'Last name')?.value).toBe('Fischer-Maier');
    expect(rows.find((r) => r.label === 'Account')?.value).toBe(NORA.account?.name ?? null);
  });
});
