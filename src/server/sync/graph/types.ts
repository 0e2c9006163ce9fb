/** The subset of Microsoft Graph v1.0 shapes sync reads and writes. */

export type GraphEmailAddress = { emailAddress?: { name?: string | null; address?: string | null } | null };

export type GraphHeader = { name: string; value: string };

export type GraphExtendedProperty = { id: string; value: string | null };

export type GraphDateTimeTimeZone = { dateTime: string; timeZone: string };

/** A delta page entry (messages or events). Deleted entries carry `@removed`. */
export type GraphDeltaEntry = {
  id: string;
  '@removed'?: { reason: string };
  categories?: string[];
  internetMessageId?: string | null;
  conversationId?: string | null;
  internetMessageHeaders?: GraphHeader[] | null;
  iCalUId?: string | null;
  isDraft?: boolean;
  subject?: string | null;
};

export type GraphMessage = {
  id: string;
  subject?: string | null;
  body?: { contentType?: string; content?: string } | null;
  from?: GraphEmailAddress | null;
  sender?: GraphEmailAddress | null;
  toRecipients?: GraphEmailAddress[];
  ccRecipients?: GraphEmailAddress[];
  bccRecipients?: GraphEmailAddress[];
  internetMessageId?: string | null;
  conversationId?: string | null;
  internetMessageHeaders?: GraphHeader[] | null;
  receivedDateTime?: string | null;
  sentDateTime?: string | null;
  createdDateTime?: string | null;
  categories?: string[];
  isDraft?: boolean;
  singleValueExtendedProperties?: GraphExtendedProperty[];
};

export type GraphAttendee = GraphEmailAddress & { type?: 'required' | 'optional' | 'resource' | string };

export type GraphEvent = {
  id: string;
  subject?: string | null;
  body?: { contentType?: string; content?: string } | null;
  iCalUId?: string | null;
  start?: GraphDateTimeTimeZone | null;
  end?: GraphDateTimeTimeZone | null;
  location?: { displayName?: string | null } | null;
  organizer?: GraphEmailAddress | null;
  attendees?: GraphAttendee[];
  createdDateTime?: string | null;
  categories?: string[];
  isOrganizer?: boolean;
  singleValueExtendedProperties?: GraphExtendedProperty[];
};

export type GraphItem = GraphMessage | GraphEvent;

export type GraphPage<T> = {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
};

export type BatchRequest = {
  id: string;
  method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
};

export type BatchResponse = {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
};

export type GraphErrorBody = { error?: { code?: string; message?: string } };
