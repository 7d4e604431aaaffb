-- 012: e-mail addresses of people, and the e-mail delivery of each notification (SMTP_URL).
ALTER TABLE user_accounts ADD COLUMN email text CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$');

-- pending: to be e-mailed (the account had an address when it was written); sent; failed (gave up);
-- none: in-app only.
ALTER TABLE notifications
  ADD COLUMN email_status   text NOT NULL DEFAULT 'none' CHECK (email_status IN ('none', 'pending', 'sent', 'failed')),
  ADD COLUMN email_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN email_claimed_at timestamptz,   -- a sender took it (another may retry after a while)
  ADD COLUMN emailed_at     timestamptz;
CREATE INDEX notifications_email_pending_idx ON notifications (id) WHERE email_status = 'pending';
