/*
 * The part of Office.js the add-in reads, as loose structural types. Office's item object differs
 * by mode (read: plain properties; compose: objects with getAsync), so it is read through these
 * rather than the union types of @types/office-js; the emulator's shim implements just this much.
 * Only `src/addin/office/` sees these types: everything it hands out is plain data.
 */

export type AsyncResult<T> = {
  status: string;
  value: T;
  error?: { code?: number | undefined; name?: string | undefined; message?: string | undefined };
};
export type Callback<T> = (result: AsyncResult<T>) => void;
export type EmailDetails = { emailAddress?: string; displayName?: string };
export type AsyncGetter<T> = { getAsync(options: unknown, callback: Callback<T>): void };
/** A property that is plain in read mode and asynchronous in compose mode. */
export type Value<T> = T | AsyncGetter<T>;

export type CustomProperties = {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  getAll?(): Record<string, unknown>;
  saveAsync(callback: Callback<void>): void;
};

export type LooseItem = {
  itemType?: string;
  itemId?: string;
  subject?: Value<string>;
  from?: Value<EmailDetails>;
  to?: Value<EmailDetails[]>;
  cc?: Value<EmailDetails[]>;
  organizer?: Value<EmailDetails>;
  requiredAttendees?: Value<EmailDetails[]>;
  optionalAttendees?: Value<EmailDetails[]>;
  start?: Value<Date>;
  end?: Value<Date>;
  location?: Value<string>;
  dateTimeCreated?: Date;
  internetMessageId?: string;
  conversationId?: string;
  body?: { getAsync(coercion: string, callback: Callback<string>): void };
  getItemIdAsync?(callback: Callback<string>): void;
  getAllInternetHeadersAsync?(callback: Callback<string>): void;
  loadCustomPropertiesAsync?(callback: Callback<CustomProperties>): void;
  categories?: {
    addAsync(names: string[], callback: Callback<void>): void;
    removeAsync(names: string[], callback: Callback<void>): void;
  };
  notificationMessages?: {
    replaceAsync(key: string, message: Record<string, unknown>, callback: Callback<void>): void;
  };
};

export type MasterCategory = { displayName: string; color: string };

export type LooseMailbox = {
  item?: LooseItem | null;
  userProfile?: { displayName?: string; emailAddress?: string; timeZone?: string };
  diagnostics?: { hostName?: string; hostVersion?: string };
  masterCategories?: {
    getAsync(callback: Callback<MasterCategory[]>): void;
    addAsync(categories: MasterCategory[], callback: Callback<void>): void;
  };
  addHandlerAsync?(eventType: string, handler: () => void, callback?: Callback<void>): void;
  removeHandlerAsync?(eventType: string, callback?: Callback<void>): void;
  convertToRestId?(itemId: string, restVersion: string): string;
};

export type LooseDialog = {
  addEventHandler(type: string, handler: (arg: { message?: string; error?: number }) => void): void;
  close(): void;
};

/** The part of the `Office` namespace the adapter uses. */
export type OfficeNamespace = {
  context: {
    mailbox: LooseMailbox;
    diagnostics?: { platform?: string; version?: string };
    requirements?: { isSetSupported(name: string, version?: string): boolean };
    officeTheme?: {
      bodyBackgroundColor: string;
      bodyForegroundColor: string;
      controlBackgroundColor: string;
      controlForegroundColor: string;
    };
    ui?: {
      displayDialogAsync?(
        url: string,
        options: Record<string, unknown>,
        callback: Callback<LooseDialog>,
      ): void;
    };
  };
};
