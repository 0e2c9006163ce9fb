/**
 * The fixed people of the "Contoso" demo organization. The CRM seed creates them as records and
 * the emulator's seeded mailboxes write mail from and to them, so both sides name the same people.
 * Generated bulk records (thousands of contacts and leads) never use these addresses or the
 * domains of UNKNOWN_SENDERS.
 */
export type DemoUser = {
  email: string;
  name: string;
  /** Deterministic Entra object id in the dev tenant. */
  objectId: string;
  businessUnit: 'Contoso' | 'Sales West' | 'Sales East';
  role: 'System Administrator' | 'Sales Manager' | 'Salesperson' | 'Customer Service Representative';
  jobTitle: string;
};

export const DEMO_DOMAIN = 'contoso.example';

export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: 'alex.morgan@contoso.example',
    name: 'Alex Morgan',
    objectId: '0a1e0000-0000-4000-8000-000000000001',
    businessUnit: 'Sales West',
    role: 'Salesperson',
    jobTitle: 'Account Executive',
  },
  {
    email: 'sam.lee@contoso.example',
    name: 'Sam Lee',
    objectId: '0a1e0000-0000-4000-8000-000000000002',
    businessUnit: 'Sales East',
    role: 'Salesperson',
    jobTitle: 'Account Executive',
  },
  {
    email: 'admin@contoso.example',
    name: 'Dana Admin',
    objectId: '0a1e0000-0000-4000-8000-000000000003',
    businessUnit: 'Contoso',
    role: 'System Administrator',
    jobTitle: 'CRM Administrator',
  },
  {
    email: 'taylor.brooks@contoso.example',
    name: 'Taylor Brooks',
    objectId: '0a1e0000-0000-4000-8000-000000000004',
    businessUnit: 'Sales West',
    role: 'Sales Manager',
    jobTitle: 'Sales Manager, West',
  },
  {
    email: 'jordan.patel@contoso.example',
    name: 'Jordan Patel',
    objectId: '0a1e0000-0000-4000-8000-000000000005',
    businessUnit: 'Sales East',
    role: 'Sales Manager',
    jobTitle: 'Sales Manager, East',
  },
  {
    email: 'casey.nguyen@contoso.example',
    name: 'Casey Nguyen',
    objectId: '0a1e0000-0000-4000-8000-000000000006',
    businessUnit: 'Contoso',
    role: 'Customer Service Representative',
    jobTitle: 'Support Engineer',
  },
  {
    email: 'riley.chen@contoso.example',
    name: 'Riley Chen',
    objectId: '0a1e0000-0000-4000-8000-000000000007',
    businessUnit: 'Sales West',
    role: 'Salesperson',
    jobTitle: 'Sales Development Rep',
  },
  {
    email: 'morgan.diaz@contoso.example',
    name: 'Morgan Diaz',
    objectId: '0a1e0000-0000-4000-8000-000000000008',
    businessUnit: 'Sales East',
    role: 'Salesperson',
    jobTitle: 'Account Executive',
  },
];

/** Fixed CRM records other parts and their tests name. */
export const DEMO_RECORDS = {
  nora: {
    firstName: 'Nora',
    lastName: 'Fischer',
    email: 'nora.fischer@fabrikam.example',
    jobTitle: 'Head of Procurement',
    account: 'Fabrikam',
    owner: 'alex.morgan@contoso.example',
  },
  fabrikam: { name: 'Fabrikam', domain: 'fabrikam.example', owner: 'alex.morgan@contoso.example' },
  fabrikamOpportunity: {
    name: 'Fabrikam 500 seats',
    account: 'Fabrikam',
    owner: 'alex.morgan@contoso.example',
  },
  priya: {
    firstName: 'Priya',
    lastName: 'Raman',
    email: 'priya@northwind.example',
    companyName: 'Northwind Traders',
    owner: 'alex.morgan@contoso.example',
  },
  johnDoeContact: {
    firstName: 'John',
    lastName: 'Doe',
    email: 'j.doe@adatum.example',
    account: 'Adatum',
    owner: 'alex.morgan@contoso.example',
  },
  johnDoeLead: {
    firstName: 'John',
    lastName: 'Doe',
    email: 'j.doe@adatum.example',
    companyName: 'Adatum',
    owner: 'alex.morgan@contoso.example',
  },
  kimChen: {
    firstName: 'Kim',
    lastName: 'Chen',
    email: 'kim.chen@litware.example',
    account: 'Litware',
    owner: 'sam.lee@contoso.example',
  },
} as const;

/** Senders the emulator's mailboxes use that the CRM must NOT know (to add as contacts or leads). */
export const UNKNOWN_SENDERS = [
  { name: 'Elena Vasquez', email: 'elena.vasquez@tailspin.example', company: 'Tailspin Toys' },
  { name: 'Marcus Owusu', email: 'marcus@wingtip.example', company: 'Wingtip Solutions' },
] as const;

/** The newsletter and auto-reply senders of the seeded mailboxes. */
export const NEWSLETTER_SENDER = { name: 'Industry Weekly', email: 'news@industryweekly.example' } as const;
