-- National public holidays and collective leave days (hari libur nasional, cuti bersama), as the government
-- sets them each year: they are not working days when a deadline counts working days (the semester report).
CREATE TABLE public_holidays (
  day date PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  recorded_by text REFERENCES user_accounts (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
