import { deliver, parseCommonArgs, refuse, succeeded, argumentError, type AsyncCallback } from './async';
import { createItem } from './item';
import { masterCategoryList, officeCategories, type ItemContext } from './item-capabilities';
import { versionAtMost, type ClientProfile, type InitPayload, type ItemSnapshot } from './protocol';
import type { HostChannel } from './transport';

/**
 * `window.Office` for the task pane inside the emulator: the Mailbox API subset Regarding uses,
 * backed by the host page. Enum values are Office.js's runtime strings.
 */
const ITEM_CHANGED = 'olkItemSelectedChanged';

const enums = {
  AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
  CoercionType: {
    Text: 'text',
    Html: 'html',
    Matrix: 'matrix',
    Table: 'table',
    Ooxml: 'ooxml',
    SlideRange: 'slideRange',
    Image: 'image',
  },
  EventType: {
    ItemChanged: ITEM_CHANGED,
    RecipientsChanged: 'olkRecipientsChanged',
    AppointmentTimeChanged: 'olkAppointmentTimeChanged',
    RecurrenceChanged: 'olkRecurrenceChanged',
    AttachmentsChanged: 'olkAttachmentsChanged',
    EnhancedLocationsChanged: 'olkEnhancedLocationsChanged',
    InfobarClicked: 'olkInfobarClicked',
    OfficeThemeChanged: 'officeThemeChanged',
  },
  HostType: {
    Word: 'Word',
    Excel: 'Excel',
    PowerPoint: 'PowerPoint',
    Outlook: 'Outlook',
    OneNote: 'OneNote',
    Project: 'Project',
    Access: 'Access',
  },
  PlatformType: {
    PC: 'PC',
    OfficeOnline: 'OfficeOnline',
    Mac: 'Mac',
    iOS: 'iOS',
    Android: 'Android',
    Universal: 'Universal',
  },
  InitializationReason: { Inserted: 'inserted', DocumentOpened: 'documentOpened' },
  MailboxEnums: {
    ItemType: { Message: 'message', Appointment: 'appointment' },
    RecipientType: {
      DistributionList: 'distributionList',
      User: 'user',
      ExternalUser: 'externalUser',
      Other: 'other',
    },
    ResponseType: {
      None: 'none',
      Organizer: 'organizer',
      Tentative: 'tentative',
      Accepted: 'accepted',
      Declined: 'declined',
    },
    ComposeType: { Reply: 'reply', NewMail: 'newMail', Forward: 'forward' },
    RestVersion: { v1_0: 'v1.0', v2_0: 'v2.0', Beta: 'beta' },
    CategoryColor: Object.fromEntries([
      ['None', 'None'],
      ...Array.from({ length: 25 }, (_, i) => [`Preset${i}`, `Preset${i}`]),
    ]),
    ItemNotificationMessageType: {
      ProgressIndicator: 'progressIndicator',
      InformationalMessage: 'informationalMessage',
      ErrorMessage: 'errorMessage',
      InsightMessage: 'insightMessage',
    },
  },
};

const THEMES = {
  light: {
    bodyBackgroundColor: '#ffffff',
    bodyForegroundColor: '#242424',
    controlBackgroundColor: '#ffffff',
    controlForegroundColor: '#242424',
    isDarkTheme: false,
  },
  dark: {
    bodyBackgroundColor: '#1f1f1f',
    bodyForegroundColor: '#ffffff',
    controlBackgroundColor: '#292929',
    controlForegroundColor: '#ffffff',
    isDarkTheme: true,
  },
};

type ReadyInfo = { host: string | null; platform: string | null };

type CommandEvent = { completed(options?: { allowEvent?: boolean }): void; source: { id: string } };

export type ShimOffice = typeof enums & {
  onReady(callback?: (info: ReadyInfo) => void): Promise<ReadyInfo>;
  initialize?: (reason: string) => void;
  context: Record<string, unknown>;
  /** Function commands of a function file (`<FunctionName>` in the manifest). */
  actions: { associate(name: string, handler: (event: CommandEvent) => void): void };
};

function pageLoaded(): Promise<void> {
  if (typeof document === 'undefined' || document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => window.addEventListener('load', () => resolve(), { once: true }));
}

export function createOffice(host: HostChannel): ShimOffice {
  const context: Record<string, unknown> = {};
  let readyInfo: Promise<ReadyInfo> | null = null;
  const commands = new Map<string, (event: CommandEvent) => void>();
  host.onInvoke((name, completed) => {
    // Outlook calls a command once the function file has loaded and initialized.
    void pageLoaded()
      .then(() => office.onReady())
      .then(() => new Promise((resolve) => setTimeout(resolve, 0)))
      .then(() => runCommand(name, completed));
  });
  const runCommand = (name: string, completed: () => void) => {
    // Before Office.actions, function files exposed commands as globals; Outlook still looks there.
    const handler =
      commands.get(name) ??
      ((globalThis as Record<string, unknown>)[name] as ((e: CommandEvent) => void) | undefined);
    if (typeof handler !== 'function') return completed();
    let done = false;
    const event: CommandEvent = {
      source: { id: name },
      completed: () => {
        if (done) return;
        done = true;
        completed();
      },
    };
    try {
      handler(event);
    } catch (error) {
      console.error(error);
      event.completed();
    }
  };
  const office: ShimOffice = {
    ...enums,
    context,
    actions: {
      associate(name, handler) {
        if (typeof name !== 'string' || typeof handler !== 'function') throw argumentError('name');
        commands.set(name, handler);
      },
    },
    onReady(callback) {
      const info = (readyInfo ??= host.ready.then((payload) => (payload ? populate(payload) : noHost())));
      if (callback) void info.then(callback);
      return info;
    },
  };

  function noHost(): ReadyInfo {
    return { host: null, platform: null };
  }

  function populate(payload: InitPayload): ReadyInfo {
    const { client, user } = payload;
    const ctx: ItemContext = { host, client, userAddress: user.emailAddress };
    const handlers = new Map<string, ((args: { type: string }) => void)[]>();

    const mailbox: Record<string, unknown> = {
      item: payload.item ? createItem(payload.item, ctx) : null,
      userProfile: { ...user, accountType: 'enterprise' },
      diagnostics: { hostName: client.hostName, hostVersion: client.hostVersion, OWAView: undefined },
      masterCategories: masterCategoriesOf(host, client),
      addHandlerAsync(eventType: unknown, handler: unknown, ...rest: unknown[]) {
        if (typeof handler !== 'function') throw argumentError('handler');
        const common = parseCommonArgs<void>(rest, false);
        if (eventType !== ITEM_CHANGED) return refuse(common, 5000);
        handlers.set(ITEM_CHANGED, [...(handlers.get(ITEM_CHANGED) ?? []), handler as () => void]);
        setTimeout(() => common.callback?.(succeeded(undefined, common.asyncContext)), 0);
      },
      removeHandlerAsync(eventType: unknown, ...rest: unknown[]) {
        const common = parseCommonArgs<void>(rest, false);
        if (typeof eventType !== 'string' || !handlers.get(eventType)?.length) return refuse(common, 5003);
        handlers.delete(eventType);
        setTimeout(() => common.callback?.(succeeded(undefined, common.asyncContext)), 0);
      },
      // Item ids are the same in every format here (the emulator uses one immutable id).
      convertToRestId: (id: string) => id,
      convertToEwsId: (id: string) => id,
    };

    host.onItemChanged((snapshot: ItemSnapshot | null) => {
      mailbox.item = snapshot ? createItem(snapshot, ctx) : null;
      for (const handler of handlers.get(ITEM_CHANGED) ?? []) {
        try {
          handler({ type: ITEM_CHANGED });
        } catch (error) {
          // Outlook isolates handler failures from the host; surface them in the console only.
          console.error(error);
        }
      }
    });

    context.mailbox = mailbox;
    context.host = 'Outlook';
    context.platform = client.platform;
    context.diagnostics = {
      host: 'Outlook',
      hostName: 'Outlook',
      platform: client.platform,
      version: client.hostVersion,
    };
    context.requirements = {
      isSetSupported(name: unknown, minVersion?: unknown): boolean {
        if (typeof name !== 'string') return false;
        const version = typeof minVersion === 'number' ? String(minVersion) : (minVersion ?? '1.1');
        if (typeof version !== 'string') return false;
        if (name.toLowerCase() === 'mailbox') return versionAtMost(version, client.mailboxVersion);
        // Nested app authentication is available in every client Regarding targets.
        if (name.toLowerCase() === 'nestedappauth') return versionAtMost(version, '1.1');
        return false;
      },
    };
    context.displayLanguage = payload.displayLanguage;
    context.contentLanguage = payload.displayLanguage;
    context.officeTheme = THEMES[payload.theme];
    context.touchEnabled = client.kind === 'mobile';

    office.initialize?.('documentOpened');
    return { host: 'Outlook', platform: client.platform };
  }

  // Office.js initializes by itself once loaded; Office.initialize-style add-ins rely on it.
  void office.onReady();
  return office;
}

export type { AsyncCallback };

/** `mailbox.masterCategories`; clients without categories (mobile) refuse every call. */
function masterCategoriesOf(host: HostChannel, client: ClientProfile) {
  return {
    getAsync(...args: unknown[]) {
      const common = parseCommonArgs<Office.CategoryDetails[]>(args, true);
      if (!client.categories) return refuse(common, 5000);
      deliver(common, host.call('masterCategories.get', {}, null), officeCategories);
    },
    addAsync(categories: unknown, ...rest: unknown[]) {
      const list = masterCategoryList(categories);
      const common = parseCommonArgs<void>(rest, false);
      if (!client.categories) return refuse(common, 5000);
      deliver(common, host.call('masterCategories.add', { categories: list }, null), () => undefined);
    },
    removeAsync(names: unknown, ...rest: unknown[]) {
      if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string')) {
        throw argumentError('categories');
      }
      const common = parseCommonArgs<void>(rest, false);
      if (!client.categories) return refuse(common, 5000);
      deliver(
        common,
        host.call('masterCategories.remove', { names: names as string[] }, null),
        () => undefined,
      );
    },
  };
}
