import type { FieldValue, FullCard } from '#contract';
import { strings } from '#browser/strings/index';

/** One line of the preview: `secured` means the value exists but the user may not see it. */
export type CardRow = { key: string; label: string; value: string | null; secured: boolean };

const known: { key: string; pattern: RegExp; label: string }[] = [
  { key: 'jobTitle', pattern: /^job_?title$/i, label: strings.preview.jobTitle },
  { key: 'email', pattern: /^e?mail(_?address)?1?$/i, label: strings.preview.email },
  { key: 'phone', pattern: /phone/i, label: strings.preview.phone },
];

const personTypes = new Set(['contact', 'lead', 'user']);

/** Fields that only repeat the card's heading (first and last name, account name, topic, case title). */
const nameParts = new Set(['firstName', 'lastName', 'name', 'title']);

/** Status values come as stored ("open"); shown as a word starts ("Open"). */
function displayValue(f: FieldValue): string | null {
  if (f.key !== 'status' || !f.value) return f.value;
  return f.value.charAt(0).toLocaleUpperCase() + f.value.slice(1);
}

/**
 * The rows of the preview in a fixed order: job title, account, email, phone, owner, then any
 * other field the server sends. Fields come from the server with their security applied.
 */
export function cardRows(card: FullCard): CardRow[] {
  const used = new Set<FieldValue>();
  const field = (pattern: RegExp) => {
    const f = card.fields.find((x) => pattern.test(x.key));
    if (f) used.add(f);
    return f;
  };
  const fromField = (key: string, label: string, f: FieldValue): CardRow => ({
    key,
    label,
    value: displayValue(f),
    secured: f.secured,
  });
  const rows: CardRow[] = [];
  const [job, email, phone] = known.map((k) => ({ spec: k, f: field(k.pattern) }));

  if (job!.f) rows.push(fromField('jobTitle', job!.spec.label, job!.f));
  else if (personTypes.has(card.type))
    rows.push({ key: 'jobTitle', label: job!.spec.label, value: card.subtitle, secured: false });
  for (const f of card.fields)
    if (nameParts.has(f.key) && !f.secured && f.value && card.name.includes(f.value)) used.add(f);
  const account = card.account?.name ?? card.parentAccount?.name ?? null;
  // A lead without an account has its company as a field of its own: no empty "Account" line.
  const leadCompany = card.type === 'lead' && card.fields.some((f) => f.key === 'companyName');
  if (card.type !== 'account' && !(account === null && leadCompany))
    rows.push({ key: 'account', label: strings.preview.account, value: account, secured: false });
  rows.push(
    email!.f
      ? fromField('email', email!.spec.label, email!.f)
      : { key: 'email', label: email!.spec.label, value: card.email, secured: false },
  );
  rows.push(
    phone!.f
      ? fromField('phone', phone!.spec.label, phone!.f)
      : { key: 'phone', label: phone!.spec.label, value: null, secured: false },
  );
  rows.push({
    key: 'owner',
    label: strings.preview.owner,
    value: card.ownedByMe ? strings.preview.ownerMe : card.ownerName,
    secured: false,
  });
  for (const f of card.fields) if (!used.has(f)) rows.push(fromField(f.key, f.label, f));
  return rows;
}
