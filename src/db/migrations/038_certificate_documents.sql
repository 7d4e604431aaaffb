-- The ISO/IEC 27001 certificate's document (issue #14 §2: the portal uploads the certificate with its number
-- and validity). Optional: certificates recorded before this have none.
ALTER TABLE certificates ADD COLUMN document_id text REFERENCES documents (id);
