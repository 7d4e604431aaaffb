import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * One source for each entity's shape (issue #18 §1): an entity a route answers is typed from its zod view, so
 * the repository row, the service's answer, the OpenAPI document and the SDK cannot drift apart. For every
 * entity converted, its type is declared once, in its file, from a zod schema (or from another such type), and
 * no file of its module declares a hand-written `interface` of that name again. Reads the source text.
 */

const MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'modules');

/** File (under src/modules) → the entity types it derives from a zod view. */
export const DERIVED: Record<string, readonly string[]> = {
  'institutions/institutions.repo.ts': ['Institution'],
  'offices/offices.repo.ts': ['Office', 'OfficeLevel'],
  'accounts/accounts.repo.ts': ['Account'],
  'agreements/agreements.repo.ts': ['Agreement'],
  'agreements/agreement-versions.repo.ts': ['ContactPerson', 'AgreementVersion', 'Terms', 'ExtensionRequest'],
  'applications/applications.repo.ts': ['Application', 'ApplicationStatus', 'Annex'],
  'user-id-requests/user-id-requests.repo.ts': ['UserIdRequest'],
  'user-id-requests/user-id-requests.service.ts': ['UserIdRequestResult'],
  'quota-requests/quota-requests.repo.ts': ['QuotaRequest'],
  'quota-requests/quota-requests.service.ts': ['QuotaRequestWithUsage'],
  'card-readers/card-readers.repo.ts': [
    'WorkUnit',
    'CardReader',
    'SamState',
    'SamCard',
    'SamEvent',
    'ReturnTask',
  ],
  'officeholder-changes/officeholder-changes.repo.ts': ['OfficeholderChange', 'ChangeKind', 'ChangeStatus'],
  'officeholder-changes/officeholder-changes.service.ts': ['ConfirmResult'],
  'central-mous/central-mous.repo.ts': ['CentralMou'],
  'network-provisions/network-provisions.repo.ts': ['NetworkProvision'],
  'fees/fees.service.ts': ['Tariff', 'Deposit'],
  'fees/fees.statements.ts': ['Balance', 'Statement', 'Revenue', 'RevenueRow', 'FeeInstitution'],
  'evaluations/evaluations.repo.ts': ['Evaluation', 'ChecklistItem', 'Recommendation'],
  'evaluations/evaluations.service.ts': ['RollupRow'],
  'reports/reports.repo.ts': ['SemesterReport', 'Narrative'],
  'reports/reports.figures.ts': ['SemesterFigures'],
  'reports/reports.overview.ts': ['SemesterOverviewRow', 'SemesterState'],
  'disputes/disputes.repo.ts': ['DisputeState', 'DisputeReason', 'TrailEntry', 'Party'],
  'return-data/return-data.schema.ts': ['ReturnDataSchema'],
  'return-data/return-data.repo.ts': ['Upload'],
  'return-data/return-data.coverage.ts': ['PeriodCoverage'],
  'resident/resident.history.ts': ['HistoryRecord'],
  'purposes/purposes.ts': ['Purpose'],
  'gates/gates.repo.ts': ['ResponsibilityStatement', 'Nda', 'ClientApplication'],
  'document-validity/document-validity.repo.ts': ['ValidityPolicy'],
  'misuse/misuse.repo.ts': ['MisuseAlert'],
  'compliance/compliance.finding.ts': ['Finding'],
  'compliance/compliance.repo.ts': ['ComplianceState', 'ComplianceEvent', 'BoardRow'],
};

const NAMES = new Set(Object.values(DERIVED).flat());

/** The text of `export type <name> = …;` in `source`, or null when there is none. */
export function typeDeclaration(source: string, name: string): string | null {
  const start = source.search(new RegExp(`^export type ${name}\\b[^=]*=`, 'm'));
  if (start < 0) return null;
  const end = source.indexOf(';\n', start);
  return source.slice(start, end < 0 ? undefined : end + 1);
}

/** Whether a declaration takes its shape from a zod schema, or from another type that does. */
export function isDerived(declaration: string): boolean {
  if (/\bz\.(output|infer)<typeof \w+>/.test(declaration)) return true;
  const rhs = declaration.slice(declaration.indexOf('=') + 1);
  return [...NAMES].some((n) => new RegExp(`\\b${n}\\b`).test(rhs));
}

const sources = (readdirSync(MODULES, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({ file: f.split(sep).join('/'), text: readFileSync(join(MODULES, f), 'utf8') }));

describe('one source for each entity shape (zod views)', () => {
  it('tells a derived declaration from a hand-written one', () => {
    expect(isDerived('export type Office = z.output<typeof officeView>;')).toBe(true);
    expect(isDerived("export type ChangeKind = OfficeholderChange['kind'];")).toBe(true);
    expect(isDerived("export type ChangeKind = 'officeholder' | 'organisation';")).toBe(false);
    expect(typeDeclaration('export interface Office {\n  id: string;\n}\n', 'Office')).toBeNull();
  });

  for (const [file, names] of Object.entries(DERIVED)) {
    it(`${file} types ${names.join(', ')} from the zod views`, () => {
      const source = sources.find((s) => s.file === file)?.text ?? '';
      for (const name of names) {
        const declaration = typeDeclaration(source, name);
        expect(declaration, `${file} declares no \`export type ${name} = …\``).not.toBeNull();
        expect(isDerived(declaration!), `${file}: ${name} is written out by hand:\n${declaration}`).toBe(
          true,
        );
      }
    });
  }

  it('no module declares a hand-written interface for its converted entities again', () => {
    const moduleOf = (file: string) => file.slice(0, file.indexOf('/'));
    const derivedIn = new Map<string, Set<string>>();
    for (const [file, names] of Object.entries(DERIVED)) {
      const set = derivedIn.get(moduleOf(file)) ?? new Set<string>();
      for (const n of names) set.add(n);
      derivedIn.set(moduleOf(file), set);
    }
    const found = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/^\s*(?:export\s+)?interface\s+(\w+)\b/gm)]
        .filter((m) => derivedIn.get(moduleOf(file))?.has(m[1]!))
        .map((m) => `${file}: interface ${m[1]}`),
    );
    expect(found).toEqual([]);
  });
});
