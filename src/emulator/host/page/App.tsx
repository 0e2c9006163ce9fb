import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import type { ClientKind } from '../../shim/protocol';
import { Mailbox } from './Mailbox';
import { SignIn } from './SignIn';
import { readLocation, writeLocation, type HostLocation } from './url-state';

export function App() {
  const [location, setLocation] = useState<HostLocation>(readLocation);
  const update = useCallback((next: HostLocation) => {
    writeLocation(next);
    setLocation(next);
  }, []);

  return (
    <FluentProvider theme={webLightTheme} style={{ height: '100%' }}>
      {location.user ? (
        <Mailbox
          key={location.user}
          user={location.user}
          client={location.client}
          onClientChange={(client: ClientKind) => update({ ...location, client })}
          onSignOut={() => update({ ...location, user: null })}
        />
      ) : (
        <SignIn onSignIn={(user) => update({ ...location, user })} />
      )}
    </FluentProvider>
  );
}
