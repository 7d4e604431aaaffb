-- 001: the spine. Regions, population registry, offices, institutions, agreements, user accounts,
-- quota usage and the access audit.

CREATE TABLE regions (
  code        text PRIMARY KEY,            -- plain digits: 2 province, 4 regency, 6 district, 10 village
  level       text NOT NULL CHECK (level IN ('province', 'regency', 'district', 'village')),
  parent_code text REFERENCES regions (code),
  name        text NOT NULL
);
CREATE INDEX regions_parent_idx ON regions (parent_code);

CREATE TABLE residents (
  nik                 char(16) PRIMARY KEY,
  family_card_number  char(16) NOT NULL,
  full_name           text NOT NULL,
  birth_place         text NOT NULL,
  birth_date          date NOT NULL,
  sex                 text NOT NULL CHECK (sex IN ('LAKI-LAKI', 'PEREMPUAN')),
  blood_type          text NOT NULL,
  religion            text NOT NULL,
  marital_status      text NOT NULL,
  family_relationship text NOT NULL,
  education           text NOT NULL,
  occupation          text NOT NULL,
  mother_nik          char(16),
  mother_name         text NOT NULL,
  father_nik          char(16),
  father_name         text NOT NULL,
  street_address      text NOT NULL,
  rt                  text NOT NULL,
  rw                  text NOT NULL,
  postal_code         text NOT NULL,
  village_code        text NOT NULL REFERENCES regions (code),
  ektp_status         text NOT NULL,
  record_status       text NOT NULL CHECK (record_status IN ('active', 'deceased', 'duplicate', 'inactive'))
);
CREATE INDEX residents_family_card_idx ON residents (family_card_number);

CREATE TABLE offices (
  id          text PRIMARY KEY,
  level       text NOT NULL CHECK (level IN ('central', 'province', 'regency', 'city')),
  region_code text REFERENCES regions (code),
  name        text NOT NULL,
  parent_id   text REFERENCES offices (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'central') = (region_code IS NULL))
);
CREATE UNIQUE INDEX offices_region_idx ON offices (region_code);
CREATE UNIQUE INDEX offices_one_central_idx ON offices (level) WHERE level = 'central';

CREATE TABLE institutions (
  id               text PRIMARY KEY,
  code             text NOT NULL UNIQUE,   -- the wire CUSTOMER_ID
  name             text NOT NULL,
  office_id        text NOT NULL REFERENCES offices (id),
  is_active        boolean NOT NULL DEFAULT true,
  allowed_networks text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX institutions_office_idx ON institutions (office_id);

CREATE TABLE agreements (
  id                  text PRIMARY KEY,
  institution_id      text NOT NULL REFERENCES institutions (id),
  office_id           text NOT NULL REFERENCES offices (id),
  registry_number     text NOT NULL,
  institution_number  text NOT NULL,
  purpose             text NOT NULL,
  elements            text[] NOT NULL,
  methods             text[] NOT NULL,
  start_date          date NOT NULL,
  end_date            date NOT NULL,
  status              text NOT NULL CHECK (status IN ('draft', 'signed', 'active', 'expiring', 'expired', 'terminated', 'revoked')),
  default_threshold   integer NOT NULL CHECK (default_threshold BETWEEN 0 AND 100),
  allowed_hours_start time,
  allowed_hours_end   time,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date),
  CHECK ((allowed_hours_start IS NULL) = (allowed_hours_end IS NULL))
);
CREATE INDEX agreements_institution_idx ON agreements (institution_id, start_date DESC);

CREATE TABLE user_accounts (
  id                  text PRIMARY KEY,
  username            text NOT NULL UNIQUE,
  password_hash       text NOT NULL,
  role                text NOT NULL CHECK (role IN ('operator', 'central_officer', 'office_officer')),
  full_name           text NOT NULL,
  institution_id      text REFERENCES institutions (id),
  office_id           text REFERENCES offices (id),
  is_active           boolean NOT NULL DEFAULT true,
  daily_quota         integer CHECK (daily_quota >= 0),   -- NULL: unlimited (still counted)
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'operator') = (institution_id IS NOT NULL)),
  CHECK ((role = 'office_officer') = (office_id IS NOT NULL))
);
CREATE INDEX user_accounts_institution_idx ON user_accounts (institution_id);

CREATE TABLE quota_usage (
  account_id text NOT NULL REFERENCES user_accounts (id),
  day        date NOT NULL,               -- the civil day in WIB (Asia/Jakarta)
  used       integer NOT NULL,
  PRIMARY KEY (account_id, day)
);

CREATE TABLE access_audit (
  id                 bigserial PRIMARY KEY,
  at                 timestamptz NOT NULL DEFAULT now(),
  request_id         text NOT NULL,
  protocol           text NOT NULL CHECK (protocol IN ('v1', 'wire')),
  method             text NOT NULL CHECK (method IN ('verification', 'portal')),
  institution_id     text,
  account_id         text,
  username           text,
  nik                text,
  elements_requested text[] NOT NULL DEFAULT '{}',
  elements_returned  text[] NOT NULL DEFAULT '{}',
  outcome            text NOT NULL,
  caller_ip          text NOT NULL
);
CREATE INDEX access_audit_at_idx ON access_audit (at);
CREATE INDEX access_audit_nik_idx ON access_audit (nik, at);
CREATE INDEX access_audit_institution_idx ON access_audit (institution_id, at);
CREATE INDEX access_audit_account_idx ON access_audit (account_id, at);
