-- 003: misuse detection. What an agreement does when an account's use looks sequential, patterned or too
-- quick (alert only, throttle the account for a cool-down, or suspend it until an officer reviews), the
-- alerts officers review, and which accounts stand suspended for misuse.

ALTER TABLE agreements
  ADD COLUMN misuse_action text NOT NULL DEFAULT 'alert' CHECK (misuse_action IN ('alert', 'throttle', 'suspend'));

-- Set (with is_active = false) when misuse suspended the account; an officer's reinstatement clears both.
-- An account deactivated by an officer for another reason keeps this NULL and is not reinstated by an alert.
ALTER TABLE user_accounts ADD COLUMN misuse_suspended_at timestamptz;

CREATE TABLE misuse_alerts (
  id               text PRIMARY KEY,                   -- alr_…
  seq              bigserial NOT NULL UNIQUE,          -- order and page cursor
  institution_id   text NOT NULL REFERENCES institutions (id),
  account_id       text NOT NULL REFERENCES user_accounts (id),
  agreement_id     text REFERENCES agreements (id),
  reason           text NOT NULL CHECK (reason IN ('sequential_serial', 'sequential_birthdate', 'family_sweep', 'burst', 'outside_hours')),
  severity         text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  action           text NOT NULL CHECK (action IN ('alert', 'throttle', 'suspend')),
  evidence         jsonb NOT NULL,                     -- NIKs and times only, never other population data
  created_at       timestamptz NOT NULL DEFAULT now(),
  acknowledged_at  timestamptz,
  acknowledged_by  text REFERENCES user_accounts (id),
  note             text
);
CREATE INDEX misuse_alerts_institution_idx ON misuse_alerts (institution_id, created_at);
CREATE INDEX misuse_alerts_account_idx ON misuse_alerts (account_id, created_at);
CREATE INDEX misuse_alerts_open_idx ON misuse_alerts (created_at) WHERE acknowledged_at IS NULL;
