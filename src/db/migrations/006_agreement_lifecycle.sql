-- 006: the agreement lifecycle. Agreements made from an approved application, signed with date and place;
-- technical terms (Juknis) and amendments as versions; extension requests; the access audit names the
-- agreement version in force at each attempt.

ALTER TABLE agreements
  ADD COLUMN application_id     text REFERENCES applications (id),
  ADD COLUMN signed_on          date,
  ADD COLUMN signed_place       text,
  ADD COLUMN period_months      integer,
  ADD COLUMN ended_reason       text,
  ADD COLUMN current_version_id text;

-- One row per version of the terms: version 1 when the agreement is made, one more per amendment. The
-- agreement row carries the terms of its current version (what the access path reads); history stays here.
CREATE TABLE agreement_versions (
  id                text PRIMARY KEY,
  agreement_id      text NOT NULL REFERENCES agreements (id),
  version           integer NOT NULL,
  created_at        timestamptz NOT NULL,
  created_by        text REFERENCES user_accounts (id),
  reason            text NOT NULL,
  purpose           text NOT NULL,
  elements          text[] NOT NULL,
  methods           text[] NOT NULL,
  end_date          date,
  return_data       text[] NOT NULL DEFAULT '{}',
  allowed_networks  text[] NOT NULL DEFAULT '{}',
  bandwidth_mbps    integer CHECK (bandwidth_mbps > 0),
  quota_per_account integer CHECK (quota_per_account >= 0),   -- NULL: unlimited
  card_readers      integer NOT NULL DEFAULT 0 CHECK (card_readers >= 0),
  contact_persons   jsonb NOT NULL DEFAULT '[]',
  UNIQUE (agreement_id, version)
);
ALTER TABLE agreements ADD CONSTRAINT agreements_current_version_fk
  FOREIGN KEY (current_version_id) REFERENCES agreement_versions (id);

CREATE TABLE agreement_extensions (
  id            text PRIMARY KEY,
  agreement_id  text NOT NULL REFERENCES agreements (id),
  requested_by  text NOT NULL REFERENCES user_accounts (id),
  requested_at  timestamptz NOT NULL,
  new_end_date  date NOT NULL,
  reason        text NOT NULL,
  status        text NOT NULL CHECK (status IN ('requested', 'granted', 'refused')),
  decided_by    text REFERENCES user_accounts (id),
  decided_at    timestamptz
);
CREATE INDEX agreement_extensions_agreement_idx ON agreement_extensions (agreement_id);

ALTER TABLE access_audit ADD COLUMN agreement_version_id text;

CREATE UNIQUE INDEX agreements_application_idx ON agreements (application_id) WHERE application_id IS NOT NULL;
