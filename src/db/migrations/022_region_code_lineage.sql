-- Region-code lineage: the regency (4-digit) and district (6-digit) codes that a split (pemekaran) replaced,
-- and the codes that replaced them (the 2022 Papua splits: 91 -> 93/94/95, 92 -> 96). A NIK keeps the
-- district code of its first registration, so a former code is still a valid NIK district part. Loaded from
-- src/modules/regions/lineage.csv (each row citing its sources, see src/modules/regions/LINEAGE.md) after the
-- regions, like them; reference data that only `migrate` changes. Codes as plain digits, as in `regions`.
CREATE TABLE region_code_lineage (
  former_code text PRIMARY KEY CHECK (former_code ~ '^([0-9]{4}|[0-9]{6})$'),
  current_code text NOT NULL UNIQUE REFERENCES regions (code),
  level text NOT NULL CHECK (level IN ('regency', 'district')),
  former_name text NOT NULL,
  current_name text NOT NULL,
  changed_on date NOT NULL,
  sources text[] NOT NULL CHECK (cardinality(sources) > 0),
  CHECK (length(former_code) = length(current_code))
);
