import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import type { NotificationDetails } from '#emulator/shim/protocol';

/** Add-in messages on the item (`item.notificationMessages`), shown as Outlook's info bar. */
export function Notifications({ list }: { list: NotificationDetails[] }) {
  if (list.length === 0) return null;
  return (
    <div
      role="group"
      aria-label="Add-in notifications"
      style={{ display: 'grid', gap: 4, padding: '4px 16px' }}
    >
      {list.map((n) => (
        <MessageBar
          key={n.key}
          intent={n.type === 'errorMessage' ? 'error' : 'info'}
          icon={n.type === 'progressIndicator' ? <Spinner size="extra-tiny" /> : null}
        >
          <MessageBarBody>{n.message}</MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
}
