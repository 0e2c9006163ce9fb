/**
 * The size and count limits of API v1: the schemas enforce them, and whoever builds a request
 * (the add-in, server-side sync) cuts what it reads from the mailbox to them. Plain constants, no
 * zod, so the pane's entry can use them for free. `_CHARS` limits count UTF-16 code units, as
 * JavaScript's `length` and zod's `maxLength` do.
 */

/** An email address: RFC 5321's 64-character local part, `@` and 255-character domain. */
export const ADDRESS_MAX_CHARS = 320;

// The item to track (`TrackItem`).
export const SUBJECT_MAX_CHARS = 2000;
export const BODY_MAX_CHARS = 600_000;
/** People on one item (sender, recipients, organizer, attendees). */
export const PEOPLE_MAX = 500;
export const PERSON_NAME_MAX_CHARS = 300;
export const LOCATION_MAX_CHARS = 500;
export const CONVERSATION_ID_MAX_CHARS = 500;
/** One internet message id: `inReplyTo` and each of `references`. */
export const MESSAGE_ID_MAX_CHARS = 1000;
export const REFERENCES_MAX = 100;
export const MAILBOX_ITEM_ID_MAX_CHARS = 500;

/** The key of a tracked item: an internet message id or an iCalUId. */
export const KEY_MAX_CHARS = 1000;
/** Items per `POST /tracked/status`. */
export const STATUS_ITEMS_MAX = 100;
/** The REST id of an appointment sent to `POST /tracked/appointment-key`. */
export const APPOINTMENT_ITEM_ID_MAX_CHARS = 1000;

// Resolving and searching.
/** Addresses per `POST /resolve`. */
export const RESOLVE_ADDRESSES_MAX = 100;
/** One address as given to resolve (display forms like `<a@b>` or `mailto:` included). */
export const RESOLVE_ADDRESS_MAX_CHARS = 400;
export const SEARCH_TEXT_MAX_CHARS = 200;
export const SEARCH_RESULTS_MAX = 50;
export const SEARCH_RESULTS_DEFAULT = 10;

// Creating a contact or lead.
/** First and last names. */
export const NAME_MAX_CHARS = 100;
/** Job title and company name. */
export const RECORD_TEXT_MAX_CHARS = 200;
export const PHONE_MAX_CHARS = 50;
export const EMAIL_MIN_CHARS = 3;

// The never-log list of a user's settings.
export const NEVER_LOG_ENTRY_MAX_CHARS = 320;
export const NEVER_LOG_MAX = 500;

// The tracking marker.
/** Outlook's limit on all of an add-in's custom properties of one item, serialized together. */
export const MARKER_MAX_CHARS = 2500;
export const MARKER_BY_MAX_CHARS = 100;
/** The regarding record's display name kept in the marker. */
export const REGARDING_NAME_MAX_CHARS = 200;
export const FAILURE_CODE_MAX_CHARS = 60;
export const FAILURE_REASON_MAX_CHARS = 500;
