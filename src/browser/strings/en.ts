/**
 * The English string catalogue: every user-visible sentence of the task pane, the ribbon command
 * and the tracking workflow (including the failure reasons it writes into markers) lives here, for
 * the CRM web client too; `{name}` placeholders are filled by `format` (see ./index).
 */
export const en = {
  app: {
    title: 'Regarding',
    loading: 'Loading Regarding…',
    startFailed:
      'Regarding could not start. Close and reopen the pane. If it keeps happening, tell your CRM administrator.',
    featureFailed:
      "This part of Regarding couldn't be loaded. Check your connection, then close and reopen the pane. Tracking still works.",
    noItemTitle: 'No item selected',
    noItemBody: 'Select an email or a meeting to see who is on it and to track it.',
    mainLandmark: 'Regarding for the selected item',
  },
  status: {
    regionLabel: 'Tracking status',
    checking: 'Checking tracking…',
    notTracked: 'Not tracked',
    tracking: 'Tracking…',
    trackedNoRegarding: 'Tracked',
    trackedRegarding: 'Tracked regarding {name}',
    pending: 'Pending — will sync',
    pendingWhen:
      'We will try again {when}. The CRM server also picks it up within a few minutes, even if you close this pane.',
    pendingSync: 'The CRM server picks it up within a few minutes, even if you close this pane.',
    pendingReasons: {
      crm_unreachable: 'The CRM cannot be reached right now.',
      crm_busy: 'The CRM is busy right now.',
      sync_only: 'This item is saved in your mailbox for tracking.',
      marked: 'This item is marked for tracking.',
    },
    failed: 'Failed',
    retry: 'Retry',
    composeWillTrack: 'Will be tracked after you send',
    composeWillTrackRegarding: 'Will be tracked regarding {name} after you send',
    meetingWillTrack: 'Will be tracked once the meeting is saved, within a few minutes',
    meetingWillTrackRegarding:
      'Will be tracked regarding {name} once the meeting is saved, within a few minutes',
    whenNow: 'now',
    whenAt: 'at {time}',
  },
  track: {
    heading: 'Tracking',
    track: 'Track',
    trackHint: 'Save this item to the CRM without a regarding record',
    trackAppointment: 'Track meeting',
    trackAfterSend: 'Track after sending',
    setRegarding: 'Set regarding',
    changeRegarding: 'Change regarding',
    untrack: 'Untrack',
    untrackTitle: 'Untrack this item?',
    untrackBody:
      'The item stays in the CRM for everyone else who tracked it, but it is no longer tracked by you.',
    untrackConfirm: 'Untrack',
    cancel: 'Cancel',
    cancelCompose: 'Do not track',
    cancelComposeTitle: 'Do not track this item?',
    cancelComposeBody: 'Regarding will not track this item after all.',
    organizerView: 'You organize this meeting. Tracking saves it with all attendees.',
    attendeeView: 'You are invited to this meeting. Tracking saves it with the organizer and attendees.',
    mobileHint:
      'Outlook mobile does not show the "Tracked to Regarding" category. The status above is always up to date.',
  },
  regarding: {
    dialogTitle: 'Set regarding',
    searchLabel: 'Search contacts, leads, accounts, opportunities and cases',
    searchPlaceholder: 'Type a name…',
    searching: 'Searching…',
    noResults: 'Nothing found for "{query}".',
    tooShort: 'Type at least 2 characters to search.',
    suggestions: 'Suggested from people on this item',
    pinned: 'Pinned',
    recent: 'Recent',
    results: 'Search results',
    choose: 'Set regarding {name}',
    pin: 'Pin {name}',
    unpin: 'Unpin {name}',
    close: 'Close',
    resultCount: '{count} results',
    resultCountOne: '1 result',
  },
  compose: {
    explain:
      'You are writing this message. Tracking and regarding chosen now are kept with it and completed after you send it.',
    explainMeeting:
      'Tracking and regarding chosen here are kept with the meeting and completed by the CRM server once it is saved.',
  },
  people: {
    heading: 'People on this item',
    none: 'No one else is on this item.',
    loading: 'Looking up people…',
    matched: 'In the CRM',
    ambiguous: 'Needs your choice',
    unknown: 'Not in the CRM',
    ambiguousHint:
      '{address} matches several records. Choose the one this address means; Regarding remembers it.',
    ambiguousPickLabel: 'Which record is {address}?',
    useThis: 'Use this one',
    openCard: 'Show details for {name}',
    addContact: 'Add {name} as contact or lead',
    /** Visible text of the add button; its accessible name (`addContact`) starts with the same word. */
    addShort: 'Add',
    invalidAddress: 'Not a valid email address',
    roles: {
      from: 'From',
      to: 'To',
      cc: 'Cc',
      bcc: 'Bcc',
      organizer: 'Organizer',
      required: 'Attendee',
      optional: 'Optional attendee',
    },
    types: {
      contact: 'Contact',
      lead: 'Lead',
      account: 'Account',
      opportunity: 'Opportunity',
      case: 'Case',
      user: 'Colleague',
    },
  },
  preview: {
    back: 'Back to people',
    loading: 'Loading details…',
    jobTitle: 'Job title',
    account: 'Account',
    email: 'Email',
    phone: 'Phone',
    owner: 'Owner',
    ownerMe: 'You',
    hidden: 'Hidden',
    hiddenExplain: 'You do not have permission to see this field. Ask your CRM administrator if you need it.',
    notSet: 'Not set',
    openOpportunities: 'Open opportunities',
    openCases: 'Open cases',
    noneOpen: 'None',
    lastActivity: 'Last activity',
    noActivity: 'No activity yet',
    activityLine: '{subject}, {date}',
    openInCrm: 'Open in CRM',
    openInCrmLabel: 'Open {name} in the CRM (new window)',
    detailsOf: 'Details of {name}',
  },
  addContact: {
    heading: 'Add to CRM',
    kindLabel: 'Add as',
    contact: 'Contact',
    lead: 'Lead',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Email',
    jobTitle: 'Job title',
    company: 'Company',
    phone: 'Phone',
    lastNameRequired: 'Enter a last name.',
    trackToo: 'Also track this item regarding the new record',
    create: 'Add',
    creating: 'Adding…',
    cancel: 'Cancel',
    created: '{name} was added to the CRM.',
    duplicateTitle: 'This person may already be in the CRM',
    duplicateBody:
      'We found records that look like the same person. Use one of them, or create a new record anyway.',
    useThisOne: 'Use this one',
    useThisOneLabel: 'Use {name}',
    createAnyway: 'Create anyway',
    backToForm: 'Back to the form',
  },
  /** A change that did not happen (the state stayed as it was), by operation. */
  notices: {
    reconciling:
      'We could not check the tracking status with the CRM; showing what the item itself says. {reason}',
    changing_regarding: "Couldn't change what this item is regarding. {reason}",
    untracking: 'The item was not untracked. {reason}',
    tracking: '{reason}',
    /** The item is pending but this browser keeps no outbox (no IndexedDB): only sync finishes it. */
    outboxUnavailable:
      "This pane can't retry by itself here; Regarding will still sync this item within minutes.",
  },
  /** Why tracking failed for good, by the workflow's failure code, with what to do (the marker keeps it). */
  failures: {
    validation_failed:
      'The CRM could not accept this item, so it was not tracked. Try again; if it keeps failing, tell your CRM administrator.',
    forbidden:
      'You do not have permission to track this item regarding that record. Choose another record or ask your CRM administrator for access.',
    not_found:
      'The record you chose no longer exists or you cannot see it. Choose another record and try again.',
    conflict: 'This item changed while it was being tracked. Try again.',
    unauthenticated:
      'The CRM could not confirm who you are. Close and reopen the pane to sign in, then try again.',
    invalid_response:
      'The CRM answered in an unexpected way. Try again later; if it keeps happening, tell your CRM administrator.',
    marker_write_failed: 'Outlook could not mark this item for tracking. Try again.',
    unknown:
      'Tracking failed for an unexpected reason. Try again; if it keeps failing, tell your CRM administrator.',
  },
  commands: {
    tracked: 'Tracked to Regarding.',
    trackedRegarding: 'Tracked to Regarding, regarding {name}.',
    pending: 'Regarding will finish tracking this item within a few minutes.',
    failed: 'Regarding could not track this item: {reason}',
    compose: 'Regarding will track this message after you send it.',
  },
  errors: {
    network: 'We cannot reach the CRM right now. Check your connection; we will keep trying.',
    timeout: 'The CRM took too long to answer. We will try again.',
    unauthenticated: 'Your sign-in has expired. Close and reopen the pane to sign in again.',
    forbidden: 'You do not have permission to do this in the CRM. Ask your CRM administrator.',
    notFound: 'That record no longer exists or you can no longer see it.',
    validationPlain: 'The CRM could not accept this item. Check the details and try again.',
    conflict: 'Someone changed this at the same time. Try again.',
    duplicate: 'This person may already be in the CRM.',
    rateLimited: 'The CRM is busy. We will try again shortly.',
    unavailable: 'The CRM is temporarily unavailable. We will try again shortly.',
    internal:
      'Something went wrong in the CRM. Try again; if it keeps happening, tell your CRM administrator.',
    tooLarge: 'This item is too large to save in the CRM.',
    signInRequired: 'You need to sign in to the CRM. Close and reopen the pane to sign in.',
    signInUnavailable: 'We cannot reach the sign-in service right now. Check your connection and try again.',
    notConfigured: 'Regarding is not set up for your organization yet. Tell your CRM administrator.',
    unknown: 'Something went wrong. Try again.',
  },
  /** What went wrong in Outlook itself, by the Office adapter's error code. */
  officeErrors: {
    failed: 'Outlook could not update this item. Try again.',
    unsupported: 'This version of Outlook cannot do this. Try Outlook on the web or a newer Outlook.',
    markerTooLarge: 'Outlook could not save the tracking note on this item.',
    itemChanged: 'You moved to another item before this finished.',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every catalogue (a future translation) must have. */
export type Strings = Widen<typeof en>;
