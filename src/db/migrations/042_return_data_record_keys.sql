-- Return-data records keep one foreign key, to their agreement, and drop three that a bulk upload paid for
-- on every row (bench:return-data: ~60 % of the upsert's time was the four per-row key checks):
-- - institution_id is the agreement's institution (the one writer, return-data.repo.ts / .stage.ts, reads it
--   from the agreement row), so the agreement's key already ties it to an existing institution;
-- - schema_id and upload_id are the same for every row of a file, and name rows the same transaction created
--   (the upload) or read (the agreement's schema).
-- Nothing deletes institutions, agreements, schemas or uploads (they are the record of the obligation), so
-- the dropped keys guarded only against the writer naming a row that does not exist; return-data.test.ts
-- checks that every stored record's institution, schema and upload exist and match its agreement.
ALTER TABLE return_data_records
  DROP CONSTRAINT return_data_records_institution_id_fkey,
  DROP CONSTRAINT return_data_records_schema_id_fkey,
  DROP CONSTRAINT return_data_records_upload_id_fkey;
