-- Server-side sync: one row per synced mailbox holding its schedule, lease and
-- stage; one row per mailbox item sync has acted on (so nothing is processed twice and a poison
-- item stops after 5 tries); alerts raised when a mailbox is disabled.

CREATE TABLE mailboxes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  address text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  stage text NOT NULL DEFAULT 'idle'
    CHECK (stage IN ('idle', 'delta', 'fetch', 'process', 'writeback', 'backoff', 'disabled')),
  next_sync_at timestamptz NOT NULL DEFAULT now(),
  interval_seconds integer NOT NULL DEFAULT 300 CHECK (interval_seconds > 0),
  lease_owner text,
  lease_expires_at timestamptz,
  failure_count integer NOT NULL DEFAULT 0,
  retry_after timestamptz,
  last_sync_at timestamptz,
  last_success_at timestamptz,
  last_claimed_at timestamptz,
  -- Worst lateness seen between a mailbox falling due and a worker claiming it.
  max_claim_lag_seconds double precision NOT NULL DEFAULT 0,
  last_error text,
  last_error_code text,
  disabled_reason text,
  delta_inbox text,
  delta_sentitems text,
  delta_calendar text,
  -- Auto-track policies apply to mail received from this moment on; manual tracking (markers,
  -- the category) applies to everything.
  auto_track_since timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The claim query: enabled mailboxes in next_sync_at order.
CREATE INDEX mailboxes_due_idx ON mailboxes (next_sync_at) WHERE enabled;
CREATE INDEX mailboxes_address_idx ON mailboxes (lower(address));

CREATE TABLE sync_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mailbox_id uuid NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
  item_id text NOT NULL,
  folder text NOT NULL CHECK (folder IN ('inbox', 'sentitems', 'calendar')),
  kind text NOT NULL CHECK (kind IN ('email', 'appointment')),
  -- Internet message id (email) or iCalUId (appointment).
  item_key text,
  conversation_id text,
  subject text,
  state text NOT NULL CHECK (state IN ('retrying', 'undeliverable', 'done')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  last_error_code text,
  activity_id uuid,
  regarding_type text,
  regarding_id uuid,
  -- The `at` of the marker that was acted on: a newer pending marker is a new request.
  marker_at text,
  -- How many times the item reached `done`; the scale test asserts it never exceeds 1.
  completions integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mailbox_id, item_id)
);

CREATE INDEX sync_items_conversation_idx ON sync_items (mailbox_id, conversation_id) WHERE state = 'done';
CREATE INDEX sync_items_key_idx ON sync_items (mailbox_id, item_key);
CREATE INDEX sync_items_open_idx ON sync_items (mailbox_id) WHERE state = 'retrying';
CREATE INDEX sync_items_failures_idx ON sync_items (updated_at DESC) WHERE state <> 'done';

CREATE TABLE sync_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mailbox_id uuid NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
  code text NOT NULL,
  message text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sync_alerts_mailbox_idx ON sync_alerts (mailbox_id, created_at DESC);
