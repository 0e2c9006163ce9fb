import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import type { ClientKind } from '#emulator/shim/protocol';
import { Mailbox } from './Mailbox';
import { SignIn } from './SignIn';
import { readLocation, writeLocation, type HostLocation, type HostTheme } from './url-state';

export function App() {
  const [location, setLocation] = useState<HostLocation>(readLocation);
  const update = useCallback((next: HostLocation) => {
    writeLocation(next);
    setLocation(next);
  }, []);

  return (
    <FluentProvider
      theme={location.theme === 'dark' ? webDarkTheme : webLightTheme}
      style={{ height: '100%' }}
    >
      {location.user ? (
        <Mailbox
          key={location.user}
          user={location.user}
          client={location.client}
          theme={location.theme}
          onClientChange={(client: ClientKind) => update({ ...location, client })}
          onThemeChange={(theme: HostTheme) => update({ ...location, theme })}
          onSignOut={() => update({ ...location, user: null })}
        />
      ) : (
        <SignIn onSignIn={(user) => update({ ...location, user })} />
      )}
    </FluentProvider>
  );
}
