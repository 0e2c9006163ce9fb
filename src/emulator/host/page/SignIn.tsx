import { Button, MessageBar, MessageBarBody, Spinner, Text, Title2 } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { MailboxUserSummary } from '#emulator/api/types';
import { hostApi } from './api';

/** The emulated tenant's sign-in: pick one of the seeded users. */
export function SignIn({ onSignIn }: { onSignIn: (email: string) => void }) {
  const [users, setUsers] = useState<MailboxUserSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    hostApi.users().then(setUsers, (e: Error) => setError(e.message));
  }, []);

  return (
    <main style={{ maxWidth: 480, margin: '48px auto', padding: 16 }}>
      <Title2 as="h1" block>
        Sign in to Outlook (Regarding emulator)
      </Title2>
      <Text as="p" block>
        Choose a seeded user of the Contoso demo tenant.
      </Text>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load the users: {error}</MessageBarBody>
        </MessageBar>
      )}
      {!users && !error && <Spinner label="Loading users" />}
      {users && (
        <ul aria-label="Seeded users" style={{ listStyle: 'none', padding: 0, display: 'grid', gap: 8 }}>
          {users.map((u) => (
            <li key={u.email}>
              <Button
                style={{ width: '100%', justifyContent: 'flex-start' }}
                aria-label={`Sign in as ${u.name}`}
                onClick={() => onSignIn(u.email)}
              >
                {u.name} · {u.email}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
