import type { FieldValue, FullCard } from '../../../../../contract';
import { strings } from '../../../../strings';

/** One line of the preview: `secured` means the value exists but the user may not see it. */
export type CardRow = { key: string; label: string; value: string | null; secured: boolean };

const known: { key: string; pattern: RegExp; label: string }[] = [
  { key: 'jobTitle', pattern: /^job_?title$/i, label: strings.preview.jobTitle },
  { key: 'email', pattern: /^e?mail(_?address)?1?$/i, label: strings.preview.email },
  { key: 'phone', pattern: /phone/i, label: strings.preview.phone },
];

const personTypes = new Set(['contact', 'lead', 'user']);

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
    value: f.value,
    secured: f.secured,
  });
  const rows: CardRow[] = [];
  const [job, email, phone] = known.map((k) => ({ spec: k, f: field(k.pattern) }));

  if (job!.f) rows.push(fromField('jobTitle', job!.spec.label, job!.f));
  else if (personTypes.has(card.type))
    rows.push({ key: 'jobTitle', label: job!.spec.label, value: card.subtitle, secured: false });
  const account = card.account?.name ?? card.parentAccount?.name ?? null;
  if (card.type !== 'account')
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
