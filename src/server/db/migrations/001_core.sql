-- Core schema of Regarding: organization, security model, CRM records,
-- activities with parties and tracking rows, the address index, per-user state and the audit log.
-- PostgreSQL dialect; runs on PGlite and PostgreSQL 15+.

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  tenant_id text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE business_units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  parent_id uuid REFERENCES business_units (id),
  UNIQUE (organization_id, name)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  tenant_id text NOT NULL,
  object_id text NOT NULL,
  email text NOT NULL,
  email_normalized text NOT NULL,
  name text NOT NULL,
  job_title text,
  business_unit_id uuid NOT NULL REFERENCES business_units (id),
  disabled boolean NOT NULL DEFAULT false,
  settings jsonb NOT NULL DEFAULT '{"autoTrack": "replies", "neverLog": []}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, object_id),
  UNIQUE (organization_id, email_normalized)
);
CREATE INDEX users_business_unit ON users (business_unit_id);

CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  business_unit_id uuid NOT NULL REFERENCES business_units (id),
  UNIQUE (organization_id, name)
);

CREATE TABLE team_members (
  team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

-- Privileges: table x action x depth, as in Dynamics security roles.
CREATE TABLE security_roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  is_system_administrator boolean NOT NULL DEFAULT false,
  UNIQUE (organization_id, name)
);

CREATE TABLE role_privileges (
  role_id uuid NOT NULL REFERENCES security_roles (id) ON DELETE CASCADE,
  table_name text NOT NULL
    CHECK (table_name IN ('contact', 'lead', 'account', 'opportunity', 'case', 'user', 'activity')),
  action text NOT NULL CHECK (action IN ('read', 'create', 'write', 'append', 'append_to', 'delete')),
  depth text NOT NULL CHECK (depth IN ('user', 'business_unit', 'organization')),
  PRIMARY KEY (role_id, table_name, action)
);

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id uuid NOT NULL REFERENCES security_roles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
);

CREATE TABLE team_roles (
  team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  role_id uuid NOT NULL REFERENCES security_roles (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, role_id)
);

-- Field security: a secured field is hidden unless one of the user's profiles grants it.
CREATE TABLE field_security_profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  UNIQUE (organization_id, name)
);

CREATE TABLE field_security_profile_fields (
  profile_id uuid NOT NULL REFERENCES field_security_profiles (id) ON DELETE CASCADE,
  table_name text NOT NULL,
  field_name text NOT NULL,
  can_read boolean NOT NULL DEFAULT true,
  PRIMARY KEY (profile_id, table_name, field_name)
);

CREATE TABLE field_security_profile_users (
  profile_id uuid NOT NULL REFERENCES field_security_profiles (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (profile_id, user_id)
);

-- Owned records: owner is a user or a team (exactly one), plus the owning business unit that
-- business-unit depth privileges test.
CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  email text,
  email_normalized text,
  domain text,
  phone text,
  city text,
  industry text,
  parent_account_id uuid REFERENCES accounts (id),
  owner_user_id uuid REFERENCES users (id),
  owner_team_id uuid REFERENCES teams (id),
  owning_business_unit_id uuid NOT NULL REFERENCES business_units (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_user_id IS NULL) <> (owner_team_id IS NULL))
);
CREATE INDEX accounts_name_prefix ON accounts (lower(name) text_pattern_ops);
CREATE INDEX accounts_email_prefix ON accounts (email_normalized text_pattern_ops);
CREATE INDEX accounts_domain ON accounts (domain);
CREATE INDEX accounts_parent ON accounts (parent_account_id);
CREATE INDEX accounts_owner_user ON accounts (owner_user_id);
CREATE INDEX accounts_owner_team ON accounts (owner_team_id);
CREATE INDEX accounts_owning_bu ON accounts (owning_business_unit_id);

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  first_name text,
  last_name text NOT NULL,
  full_name text GENERATED ALWAYS AS (
    CASE WHEN coalesce(first_name, '') = '' THEN last_name ELSE first_name || ' ' || last_name END
  ) STORED,
  email text,
  email_normalized text,
  job_title text,
  phone text,
  -- Secured by field security (see crm/security.ts).
  mobile_phone text,
  account_id uuid REFERENCES accounts (id),
  owner_user_id uuid REFERENCES users (id),
  owner_team_id uuid REFERENCES teams (id),
  owning_business_unit_id uuid NOT NULL REFERENCES business_units (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_user_id IS NULL) <> (owner_team_id IS NULL))
);
CREATE INDEX contacts_full_name_prefix ON contacts (lower(full_name) text_pattern_ops);
CREATE INDEX contacts_last_name_prefix ON contacts (lower(last_name) text_pattern_ops);
CREATE INDEX contacts_email_prefix ON contacts (email_normalized text_pattern_ops);
CREATE INDEX contacts_account ON contacts (account_id);
CREATE INDEX contacts_owner_user ON contacts (owner_user_id);
CREATE INDEX contacts_owner_team ON contacts (owner_team_id);
CREATE INDEX contacts_owning_bu ON contacts (owning_business_unit_id);

CREATE TABLE leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  first_name text,
  last_name text NOT NULL,
  full_name text GENERATED ALWAYS AS (
    CASE WHEN coalesce(first_name, '') = '' THEN last_name ELSE first_name || ' ' || last_name END
  ) STORED,
  email text,
  email_normalized text,
  company_name text,
  job_title text,
  phone text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'qualified', 'disqualified')),
  owner_user_id uuid REFERENCES users (id),
  owner_team_id uuid REFERENCES teams (id),
  owning_business_unit_id uuid NOT NULL REFERENCES business_units (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_user_id IS NULL) <> (owner_team_id IS NULL))
);
CREATE INDEX leads_full_name_prefix ON leads (lower(full_name) text_pattern_ops);
CREATE INDEX leads_last_name_prefix ON leads (lower(last_name) text_pattern_ops);
CREATE INDEX leads_email_prefix ON leads (email_normalized text_pattern_ops);
CREATE INDEX leads_company_prefix ON leads (lower(company_name) text_pattern_ops);
CREATE INDEX leads_owner_user ON leads (owner_user_id);
CREATE INDEX leads_owner_team ON leads (owner_team_id);
CREATE INDEX leads_owning_bu ON leads (owning_business_unit_id);

CREATE TABLE opportunities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  account_id uuid REFERENCES accounts (id),
  contact_id uuid REFERENCES contacts (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
  stage text NOT NULL DEFAULT 'qualify' CHECK (stage IN ('qualify', 'develop', 'propose', 'close')),
  estimated_value numeric(14, 2),
  estimated_close_date date,
  owner_user_id uuid REFERENCES users (id),
  owner_team_id uuid REFERENCES teams (id),
  owning_business_unit_id uuid NOT NULL REFERENCES business_units (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_user_id IS NULL) <> (owner_team_id IS NULL))
);
CREATE INDEX opportunities_name_prefix ON opportunities (lower(name) text_pattern_ops);
CREATE INDEX opportunities_account ON opportunities (account_id);
CREATE INDEX opportunities_contact ON opportunities (contact_id);
CREATE INDEX opportunities_owner_user ON opportunities (owner_user_id);
CREATE INDEX opportunities_owning_bu ON opportunities (owning_business_unit_id);

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  title text NOT NULL,
  ticket_number text NOT NULL,
  account_id uuid REFERENCES accounts (id),
  contact_id uuid REFERENCES contacts (id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'resolved', 'cancelled')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
  owner_user_id uuid REFERENCES users (id),
  owner_team_id uuid REFERENCES teams (id),
  owning_business_unit_id uuid NOT NULL REFERENCES business_units (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_user_id IS NULL) <> (owner_team_id IS NULL)),
  UNIQUE (organization_id, ticket_number)
);
CREATE INDEX cases_title_prefix ON cases (lower(title) text_pattern_ops);
CREATE INDEX cases_account ON cases (account_id);
CREATE INDEX cases_contact ON cases (contact_id);
CREATE INDEX cases_owner_user ON cases (owner_user_id);
CREATE INDEX cases_owning_bu ON cases (owning_business_unit_id);

-- One activity per (organization, kind, key): the database enforces tracking idempotency.
CREATE TABLE activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('email', 'appointment')),
  key text NOT NULL,
  subject text NOT NULL DEFAULT '',
  body text,
  sent_at timestamptz,
  start_at timestamptz,
  end_at timestamptz,
  location text,
  conversation_id text,
  in_reply_to text,
  references_ids text[] NOT NULL DEFAULT '{}',
  direction text CHECK (direction IN ('incoming', 'outgoing', 'internal')),
  regarding_type text CHECK (regarding_type IN ('contact', 'lead', 'account', 'opportunity', 'case')),
  regarding_id uuid,
  owner_user_id uuid REFERENCES users (id),
  owner_team_id uuid REFERENCES teams (id),
  owning_business_unit_id uuid NOT NULL REFERENCES business_units (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_user_id IS NULL) <> (owner_team_id IS NULL)),
  CHECK ((regarding_type IS NULL) = (regarding_id IS NULL)),
  CONSTRAINT activities_org_kind_key UNIQUE (organization_id, kind, key)
);
CREATE INDEX activities_regarding ON activities (regarding_type, regarding_id);
CREATE INDEX activities_conversation ON activities (organization_id, conversation_id);
CREATE INDEX activities_owner_user ON activities (owner_user_id);
CREATE INDEX activities_owning_bu ON activities (owning_business_unit_id);

CREATE TABLE activity_parties (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('from', 'to', 'cc', 'bcc', 'organizer', 'required', 'optional')),
  -- The address as the item carried it, and its normalized form (null when not a valid address).
  address text NOT NULL,
  address_normalized text,
  -- Identity of the party within the activity: the normalized address, else the raw one lower-cased.
  address_key text NOT NULL,
  name text,
  resolved_type text CHECK (resolved_type IN ('contact', 'lead', 'account', 'user')),
  resolved_id uuid,
  UNIQUE (activity_id, role, address_key)
);
CREATE INDEX activity_parties_resolved ON activity_parties (resolved_type, resolved_id);

CREATE TABLE activity_tracking (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  source text NOT NULL
    CHECK (source IN ('addin', 'sync_marker', 'category', 'correlation', 'auto_policy', 'folder')),
  mailbox_item_id text,
  tracked_at timestamptz NOT NULL DEFAULT now(),
  untracked_at timestamptz,
  UNIQUE (activity_id, user_id)
);
CREATE INDEX activity_tracking_user ON activity_tracking (user_id);

-- Every record carrying an address, so resolving all people on an item is one indexed query.
-- Maintained by the triggers below whenever a record's email changes.
CREATE TABLE address_index (
  organization_id uuid NOT NULL,
  address text NOT NULL,
  record_type text NOT NULL CHECK (record_type IN ('contact', 'lead', 'account', 'user')),
  record_id uuid NOT NULL,
  PRIMARY KEY (address, record_type, record_id)
);
CREATE INDEX address_index_record ON address_index (record_id);

-- Statement-level triggers with transition tables: bulk inserts (seed, imports) maintain the
-- index in one statement instead of one trigger call per row.
CREATE FUNCTION address_index_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO address_index (organization_id, address, record_type, record_id)
  SELECT n.organization_id, n.email_normalized, TG_ARGV[0], n.id
  FROM new_rows n
  WHERE n.email_normalized IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION address_index_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM address_index ai
  USING old_rows o JOIN new_rows n ON n.id = o.id
  WHERE ai.record_type = TG_ARGV[0] AND ai.record_id = o.id AND ai.address = o.email_normalized
    AND o.email_normalized IS DISTINCT FROM n.email_normalized;
  INSERT INTO address_index (organization_id, address, record_type, record_id)
  SELECT n.organization_id, n.email_normalized, TG_ARGV[0], n.id
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.email_normalized IS NOT NULL AND n.email_normalized IS DISTINCT FROM o.email_normalized
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION address_index_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM address_index ai USING old_rows o
  WHERE ai.record_type = TG_ARGV[0] AND ai.record_id = o.id;
  RETURN NULL;
END $$;

CREATE TRIGGER users_address_insert AFTER INSERT ON users
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_insert('user');
CREATE TRIGGER users_address_update AFTER UPDATE ON users
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_update('user');
CREATE TRIGGER users_address_delete AFTER DELETE ON users
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_delete('user');

CREATE TRIGGER contacts_address_insert AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_insert('contact');
CREATE TRIGGER contacts_address_update AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_update('contact');
CREATE TRIGGER contacts_address_delete AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_delete('contact');

CREATE TRIGGER leads_address_insert AFTER INSERT ON leads
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_insert('lead');
CREATE TRIGGER leads_address_update AFTER UPDATE ON leads
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_update('lead');
CREATE TRIGGER leads_address_delete AFTER DELETE ON leads
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_delete('lead');

CREATE TRIGGER accounts_address_insert AFTER INSERT ON accounts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_insert('account');
CREATE TRIGGER accounts_address_update AFTER UPDATE ON accounts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_update('account');
CREATE TRIGGER accounts_address_delete AFTER DELETE ON accounts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION address_index_on_delete('account');

-- Per-user state.
CREATE TABLE resolve_choices (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  address text NOT NULL,
  record_type text NOT NULL CHECK (record_type IN ('contact', 'lead', 'account', 'user')),
  record_id uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, address)
);

CREATE TABLE pins (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  record_type text NOT NULL CHECK (record_type IN ('contact', 'lead', 'account', 'opportunity', 'case', 'user')),
  record_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, record_type, record_id)
);

CREATE TABLE recent_records (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  record_type text NOT NULL CHECK (record_type IN ('contact', 'lead', 'account', 'opportunity', 'case', 'user')),
  record_id uuid NOT NULL,
  used_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, record_type, record_id)
);
CREATE INDEX recent_records_user_used ON recent_records (user_id, used_at DESC);

CREATE TABLE audit_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  actor_user_id uuid REFERENCES users (id),
  action text NOT NULL
    CHECK (action IN ('track', 'untrack', 'change_regarding', 'create', 'update_settings', 'set_resolve_choice')),
  target_type text NOT NULL,
  target_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, at);
