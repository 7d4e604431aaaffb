-- The enumeration rule of return data (return-data.stage.ts) for an agreement recorded before agreement versions
-- existed: its found accesses are its institution's audit rows naming no version. access_audit_found_version_idx
-- (023) finds them only by `agreement_version_id IS NULL` across every institution, then fetches each row from the
-- table for its institution; an import of a million rows then read every unversioned found row of the registry.
-- This partial index holds just those rows by (institution, NIK): the anti-join reads it alone. Rows written
-- with a version (every access since 006) are not in it, so the access path's writes do not pay for it.
CREATE INDEX access_audit_found_unversioned_idx ON access_audit (institution_id, nik)
  WHERE outcome = 'found' AND agreement_version_id IS NULL;
