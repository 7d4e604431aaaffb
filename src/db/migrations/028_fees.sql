-- 028: fees under PP 10/2023 (in force since 28 March 2023). Profit-oriented institutions pay per NIK access
-- from a prepaid balance; government institutions pay Rp0. Money is integer rupiah (bigint), never a float.

-- A new registry role: the finance officer (of the central office, which receives the state revenue) records
-- deposits. Like the central officer it has neither an institution nor an office.
ALTER TABLE user_accounts DROP CONSTRAINT user_accounts_role_check;
ALTER TABLE user_accounts
  ADD CONSTRAINT user_accounts_role_check CHECK (role IN (
    'operator', 'institution_head', 'institution_admin', 'central_officer', 'office_officer', 'auditor',
    'finance_officer'));

-- An institution's classification, set by an officer (audited). No row: government (every institution of
-- the seeds is an OPD), which pays Rp0.
CREATE TABLE institution_fee_classes (
  institution_id text PRIMARY KEY REFERENCES institutions (id),
  fee_class      text NOT NULL CHECK (fee_class IN ('government', 'profit_oriented')),
  classified_by  text REFERENCES user_accounts (id),
  classified_at  timestamptz NOT NULL
);

-- The tariff table: the tariff of an item for a class on a day is the row with the latest effective_from on
-- or before that day (WIB). Recorded, never edited: a new tariff is a new row.
CREATE TABLE fee_tariffs (
  id             text PRIMARY KEY,
  item           text NOT NULL CHECK (item IN ('nik_access', 'fingerprint_match', 'face_match')),
  fee_class      text NOT NULL CHECK (fee_class IN ('government', 'profit_oriented')),
  rupiah         bigint NOT NULL CHECK (rupiah >= 0),
  effective_from date NOT NULL,
  legal_basis    text NOT NULL CHECK (length(legal_basis) BETWEEN 2 AND 200),
  recorded_by    text REFERENCES user_accounts (id),
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (item, fee_class, effective_from)
);
-- The tariffs named publicly in PP 10/2023 (per NIK access through the web service or the portal; the
-- biometric matches, recorded though Gerbang has no biometric method).
INSERT INTO fee_tariffs (id, item, fee_class, rupiah, effective_from, legal_basis) VALUES
  ('trf_pp10nikaccessprofit', 'nik_access', 'profit_oriented', 1000, '2023-03-28', 'PP 10/2023'),
  ('trf_pp10nikaccessgovern', 'nik_access', 'government', 0, '2023-03-28', 'PP 10/2023'),
  ('trf_pp10fingerprintprof', 'fingerprint_match', 'profit_oriented', 2000, '2023-03-28', 'PP 10/2023'),
  ('trf_pp10facematchprofit', 'face_match', 'profit_oriented', 3000, '2023-03-28', 'PP 10/2023');

-- The prepaid balance: `balance` is deposits minus settled charges; `reserved` is held by open leases (blocks
-- of accesses a gateway process may serve). Never overdrawn: reserved ≤ balance at every commit.
CREATE TABLE fee_accounts (
  institution_id text PRIMARY KEY REFERENCES institutions (id),
  balance        bigint NOT NULL DEFAULT 0,
  reserved       bigint NOT NULL DEFAULT 0,
  CHECK (reserved >= 0 AND balance >= reserved)
);

-- A deposit, recorded by a finance officer with its payment reference (the SIMPONI billing code).
CREATE TABLE fee_deposits (
  id                text PRIMARY KEY,
  institution_id    text NOT NULL REFERENCES institutions (id),
  rupiah            bigint NOT NULL CHECK (rupiah > 0),
  payment_reference text NOT NULL UNIQUE CHECK (length(payment_reference) BETWEEN 4 AND 64),
  paid_on           date NOT NULL,
  recorded_by       text REFERENCES user_accounts (id),
  recorded_at       timestamptz NOT NULL
);
CREATE INDEX fee_deposits_institution_idx ON fee_deposits (institution_id, recorded_at);

-- A lease: `units_granted` accesses at `unit_rupiah` reserved for one gateway process on one WIB day. Settled
-- once (by the process on release, or by any process when it has been open too long): units_charged is the
-- number of audit rows that carry the lease, the balance loses units_charged × unit_rupiah and the
-- reservation is lifted.
CREATE TABLE fee_leases (
  id             text PRIMARY KEY,
  institution_id text NOT NULL REFERENCES institutions (id),
  day            date NOT NULL,
  unit_rupiah    bigint NOT NULL CHECK (unit_rupiah > 0),
  units_granted  integer NOT NULL CHECK (units_granted > 0),
  opened_at      timestamptz NOT NULL DEFAULT now(),
  units_charged  integer CHECK (units_charged BETWEEN 0 AND units_granted),
  settled_at     timestamptz,
  settled_by     text CHECK (settled_by IN ('release', 'expiry')),
  CHECK ((settled_at IS NULL) = (units_charged IS NULL))
);
CREATE INDEX fee_leases_open_idx ON fee_leases (opened_at) WHERE settled_at IS NULL;
CREATE INDEX fee_leases_institution_idx ON fee_leases (institution_id, opened_at);

-- The per-access charge record: the audit row of a charged answer names its lease and the rupiah it cost.
-- (Bookkeeping beside the canonical row: not part of the row's commitment.)
ALTER TABLE access_audit ADD COLUMN fee_lease_id text, ADD COLUMN fee_rupiah bigint;
CREATE INDEX access_audit_fee_lease_idx ON access_audit (fee_lease_id) WHERE fee_lease_id IS NOT NULL;
CREATE INDEX access_audit_charged_idx ON access_audit (institution_id, at) WHERE fee_lease_id IS NOT NULL;
