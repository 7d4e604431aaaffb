-- 034: "Cek akses data saya" (issue #15 §2): the resident's own sign-in, sessions and delayed disclosure.
--
-- The contact the registry holds for a resident (synthetic in every Gerbang database): where a one-time sign-in
-- code is sent. Kept beside `residents` (not a column of it) so the generator's rows and COPY stay as they are;
-- and without a foreign key to it: a table referencing `residents` makes the bulk load keep its keys and
-- indexes during COPY (residents.copy.ts), several times slower at registry scale.
CREATE TABLE resident_contacts (
  nik   text PRIMARY KEY,
  email text,
  phone text,
  CHECK (email IS NOT NULL OR phone IS NOT NULL)
);

-- One-time sign-in codes: only a hash is stored; a code ends when used, after its attempts, or at expires_at.
CREATE TABLE resident_sign_in_codes (
  id         text PRIMARY KEY,
  nik        text NOT NULL,
  code_hash  text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts   integer NOT NULL DEFAULT 0,
  used_at    timestamptz
);
CREATE INDEX resident_sign_in_codes_nik_idx ON resident_sign_in_codes (nik, created_at);

-- Every code request and every failed code, per NIK (whether or not it exists) and per address: the rate
-- limits and the lockout count these rows, so they treat a NIK without a record exactly like one with.
CREATE TABLE resident_sign_in_events (
  key  text NOT NULL,           -- 'nik:<NIK>' or 'ip:<address>'
  kind text NOT NULL CHECK (kind IN ('code_requested', 'code_failed')),
  at   timestamptz NOT NULL
);
CREATE INDEX resident_sign_in_events_idx ON resident_sign_in_events (key, kind, at);

-- Resident browser sessions: a principal of its own (a NIK, not an account), valid only on /v1/resident/*.
CREATE TABLE resident_sessions (
  id           text PRIMARY KEY,          -- sha256 (hex) of the cookie value
  nik          text NOT NULL,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ended_at     timestamptz,
  caller_ip    text NOT NULL
);

-- Delayed disclosure: accesses under a covert agreement (law enforcement) appear in the resident's history
-- only this many days after they happened; set by the central office, admin-audited. 0: not covert.
ALTER TABLE agreements
  ADD COLUMN disclosure_delay_days integer NOT NULL DEFAULT 0
    CHECK (disclosure_delay_days BETWEEN 0 AND 3650);
