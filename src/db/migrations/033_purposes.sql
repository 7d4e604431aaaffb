-- 033: purpose codes bound to the agreement (issue #15 §1).
--
-- The central office keeps a catalogue of structured purposes (code, Indonesian label, description). Each
-- version of an agreement's terms grants one or more of them and names a default, which a legacy client that
-- states no purpose gets (the audit records that it was defaulted). Agreements recorded before purposes existed
-- grant none: their callers may state no purpose, and any stated purpose is refused (wire 23).
CREATE TABLE purposes (
  code        text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
  label       text NOT NULL,
  description text NOT NULL,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO purposes (code, label, description) VALUES
  ('BANSOS', 'Validasi penerima bantuan sosial',
   'Memastikan calon atau penerima bantuan sosial terdaftar dan datanya sesuai dengan data kependudukan'),
  ('BENCANA', 'Verifikasi korban bencana',
   'Verifikasi identitas korban dan pengungsi bencana untuk penanganan dan penyaluran bantuan'),
  ('PASIEN', 'Pendaftaran pasien',
   'Pencocokan identitas pasien pada pendaftaran layanan kesehatan dan klaim jaminan kesehatan'),
  ('REKENING', 'Pembukaan rekening',
   'Verifikasi identitas calon nasabah pada pembukaan rekening (prinsip mengenal nasabah)'),
  ('KEPEGAWAIAN', 'Administrasi kepegawaian',
   'Verifikasi identitas pelamar dan pegawai pada administrasi kepegawaian'),
  ('PENEGAKAN_HUKUM', 'Penegakan hukum',
   'Identifikasi dalam rangka penyelidikan dan penyidikan oleh aparat penegak hukum');

ALTER TABLE agreement_versions
  ADD COLUMN purpose_codes text[] NOT NULL DEFAULT '{}',
  ADD COLUMN default_purpose text REFERENCES purposes (code),
  ADD CONSTRAINT agreement_versions_default_purpose_granted
    CHECK (default_purpose IS NULL OR default_purpose = ANY (purpose_codes));
ALTER TABLE agreements
  ADD COLUMN purpose_codes text[] NOT NULL DEFAULT '{}',
  ADD COLUMN default_purpose text REFERENCES purposes (code),
  ADD CONSTRAINT agreements_default_purpose_granted
    CHECK (default_purpose IS NULL OR default_purpose = ANY (purpose_codes));

-- The purpose of each attempt: the one stated (also when refused), or the agreement's default for a client that
-- stated none (purpose_defaulted). Part of the row's canonical encoding (audit.canonical.ts) when present.
ALTER TABLE access_audit
  ADD COLUMN purpose text,
  ADD COLUMN purpose_defaulted boolean NOT NULL DEFAULT false;
