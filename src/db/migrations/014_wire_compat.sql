-- Wire compatibility per client application (docs/wire-evidence.md). Public clients disagree on whether a
-- verification answer carries RESPONSE_CODE "01": api-dukcapil reads any RESPONSE_CODE as "not found", so the
-- default leaves it out; a client application written for the other reading can have it back.
ALTER TABLE client_applications ADD COLUMN wire_verify_response_code boolean NOT NULL DEFAULT false;
