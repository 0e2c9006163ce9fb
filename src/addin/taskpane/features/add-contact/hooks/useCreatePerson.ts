import { useCallback, useState } from 'react';
import { DuplicateCandidatesDetails, type CompactCard, type FullCard } from '#contract';
import type { ApiError } from '#browser/api/types';
import { useServices } from '#addin/taskpane/app/services.tsx';
import type { NewPersonDraft } from '../model/prefill';

export type CreateState =
  | { status: 'editing' }
  | { status: 'saving' }
  | { status: 'duplicates'; candidates: CompactCard[] }
  | { status: 'error'; error: ApiError };

export type CreateOutcome = { ok: true; record: FullCard } | { ok: false };

/** Creates the contact or lead; a 409 `duplicate_candidates` becomes a choice, not an error. */
export function useCreatePerson(signal: AbortSignal) {
  const { api } = useServices();
  const [state, setState] = useState<CreateState>({ status: 'editing' });

  const create = useCallback(
    async (draft: NewPersonDraft, force: boolean): Promise<CreateOutcome> => {
      setState({ status: 'saving' });
      const opt = (s: string) => (s.trim() ? s.trim() : undefined);
      const common = {
        firstName: opt(draft.firstName),
        lastName: draft.lastName.trim(),
        email: draft.email.trim(),
        jobTitle: opt(draft.jobTitle),
        phone: opt(draft.phone),
        companyName: opt(draft.companyName),
        ...(force ? { force: true } : {}),
      };
      const r =
        draft.kind === 'contact'
          ? await api.call('createContact', { body: common }, { signal })
          : await api.call('createLead', { body: common }, { signal });
      if (signal.aborted) return { ok: false };
      if (r.ok) {
        setState({ status: 'editing' });
        return { ok: true, record: r.value.record };
      }
      if (r.error.kind === 'http' && r.error.code === 'duplicate_candidates') {
        const details = DuplicateCandidatesDetails.safeParse(r.error.details);
        if (details.success && details.data.candidates.length > 0) {
          setState({ status: 'duplicates', candidates: details.data.candidates });
          return { ok: false };
        }
      }
      setState({ status: 'error', error: r.error });
      return { ok: false };
    },
    [api, signal],
  );

  const backToEditing = useCallback(() => setState({ status: 'editing' }), []);
  return { state, create, backToEditing };
}
