-- 032: the network provisioning record (Juknis "Infrastruktur Network", issue #14 §2) and the PoC rule for
-- every web-service caller.
--
-- Network: per institution (and, when known, per agreement) the IP LAN access point assigned, the provider,
-- the bandwidth, the expected and actual connection dates, the topology diagram and the request letter
-- (documents), and its state: requested → provisioned → connected, or withdrawn. The access path's allowed
-- networks are the union of the institution's CONNECTED records; `institutions.allowed_networks` is kept as
-- that union (rewritten in the transaction of every change to a record, network.service.ts), so the access
-- path reads it from the same cached institution row as before and pays nothing per request.

CREATE TABLE network_provisions (
  id                         text PRIMARY KEY,
  institution_id             text NOT NULL REFERENCES institutions (id),
  agreement_id               text REFERENCES agreements (id),
  -- the IP LAN access point(s) assigned, as CIDR ranges (a host is /32 or /128)
  networks                   text[] NOT NULL DEFAULT '{}',
  provider                   text NOT NULL,
  bandwidth_mbps             integer CHECK (bandwidth_mbps > 0),
  expected_on                date,
  connected_on               date,
  status                     text NOT NULL DEFAULT 'requested'
                               CHECK (status IN ('requested', 'provisioned', 'connected', 'withdrawn')),
  topology_document_id       text REFERENCES documents (id),
  request_letter_document_id text REFERENCES documents (id),
  note                       text NOT NULL DEFAULT '',
  -- where the record came from: an officer, the institution's settings (PATCH allowedNetworks), an
  -- agreement's terms at activation, or this migration (networks recorded before the record existed)
  origin                     text NOT NULL DEFAULT 'officer'
                               CHECK (origin IN ('officer', 'institution_settings', 'agreement_terms', 'migration')),
  created_by                 text REFERENCES user_accounts (id),
  created_at                 timestamptz NOT NULL,
  updated_at                 timestamptz NOT NULL,
  CHECK (status <> 'connected' OR connected_on IS NOT NULL),
  CHECK (status NOT IN ('provisioned', 'connected') OR cardinality(networks) > 0)
);
CREATE INDEX network_provisions_institution_idx ON network_provisions (institution_id);

-- Existing data: each institution's allowed networks become one connected record, so the union the access
-- path reads is unchanged by this migration.
INSERT INTO network_provisions (id, institution_id, networks, provider, connected_on, status, note, origin,
                                created_at, updated_at)
SELECT 'net_' || substr(md5(i.id || ':032'), 1, 16), i.id, i.allowed_networks, 'Tidak tercatat',
       (i.created_at AT TIME ZONE 'Asia/Jakarta')::date, 'connected',
       'Jaringan yang diizinkan sebelum catatan penyediaan jaringan ada (migrasi 032)', 'migration',
       now(), now()
  FROM institutions i
 WHERE cardinality(i.allowed_networks) > 0;

-- PoC: web-service access (v1 with a bearer token, the wire protocol) runs on development terms until the
-- caller's client application has passed its PoC (gates.service.ts). An operator placed under a client
-- application follows that application; one that is not follows its institution (some client application of
-- the institution has passed). Existing callers: an institution with an agreement signed or in force and no
-- passed application was calling in production before this rule, so it gets one application recorded as
-- passed by this migration (named and noted as such, for the officers to review) — no existing caller loses
-- its production quota. Operators already under a pending application stay capped, as before.
INSERT INTO client_applications (id, institution_id, name, description, registered_at, poc_status, poc_note,
                                 poc_decided_at)
SELECT 'cap_' || substr(md5(i.id || ':032'), 1, 16), i.id, 'Akses web service sebelum aturan PoC',
       'Dicatat oleh migrasi 032: akses web service instansi ini sudah berjalan sebelum PoC diwajibkan',
       now(), 'passed', 'Dianggap lulus oleh migrasi 032 (akses produksi sebelum aturan PoC); mohon ditinjau',
       now()
  FROM institutions i
 WHERE EXISTS (SELECT 1 FROM agreements a
                WHERE a.institution_id = i.id AND a.status IN ('signed', 'active', 'expiring'))
   AND NOT EXISTS (SELECT 1 FROM client_applications c
                    WHERE c.institution_id = i.id AND c.poc_status = 'passed');
