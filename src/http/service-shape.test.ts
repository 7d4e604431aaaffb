import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * One service shape (ARCHITECTURE.md, "The module contract"): an exported function of src/modules that acts on
 * someone's behalf is `fn(ctx: ServiceContext, actor: Actor, input)`: the database and the caller's `now`
 * first, the actor second and required, then at most one input (an id, or one object). No exported function
 * takes an options object carrying the actor. Pure policy checks (`*.policy.ts`: the actor and values, never
 * the database) are the one exception. Read from the source text with the TypeScript parser.
 */

const MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'modules');

/** The member names of a parameter's type: a type literal, a binding pattern, or a type declared in the file. */
function membersOf(sf: ts.SourceFile, p: ts.ParameterDeclaration): string[] {
  if (ts.isObjectBindingPattern(p.name))
    return p.name.elements.map((e) => (e.propertyName ?? e.name).getText(sf));
  const named = (t: ts.TypeNode | undefined): string[] => {
    if (!t) return [];
    if (ts.isTypeLiteralNode(t)) return t.members.map((m) => m.name?.getText(sf) ?? '');
    if (ts.isIntersectionTypeNode(t)) return t.types.flatMap(named);
    if (ts.isTypeReferenceNode(t)) {
      const name = t.typeName.getText(sf);
      for (const s of sf.statements) {
        if (ts.isInterfaceDeclaration(s) && s.name.text === name)
          return s.members.map((m) => m.name?.getText(sf) ?? '');
        if (ts.isTypeAliasDeclaration(s) && s.name.text === name) return named(s.type);
      }
    }
    return [];
  };
  return named(p.type);
}

/** Every breach of the shape in one file's text, as `file:line name: reason`. */
export function shapeViolations(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  for (const s of sf.statements) {
    if (!ts.isFunctionDeclaration(s) || !s.name) continue;
    if (!s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const ps = [...s.parameters];
    const at = `${file}:${sf.getLineAndCharacterOfPosition(s.getStart(sf)).line + 1} ${s.name.text}`;
    const text = (p: ts.ParameterDeclaration | undefined) => p?.getText(sf).replace(/\s+/g, ' ') ?? '';
    const carrier = ps.find((p) => membersOf(sf, p).includes('actor'));
    if (carrier) out.push(`${at}: the actor travels in an options object (${text(carrier)})`);
    if (!ps.some((p) => /^actor\s*:\s*Actor$/.test(text(p)))) continue;
    const pure = file.endsWith('.policy.ts') && !ps.some((p) => /\b(Db|ServiceContext)\b/.test(text(p)));
    if (pure) continue;
    if (text(ps[0]) !== 'ctx: ServiceContext' || text(ps[1]) !== 'actor: Actor')
      out.push(`${at}: does not start (ctx: ServiceContext, actor: Actor`);
    else if (ps.length > 3) out.push(`${at}: more than one input after the actor`);
  }
  return out;
}

const sources = (readdirSync(MODULES, { recursive: true }) as string[])
  .map((f) => f.split(sep).join('/'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));

describe('the service shape', () => {
  it('every exported service of src/modules takes (ctx, actor, input)', () => {
    const found = sources.flatMap((f) => shapeViolations(f, readFileSync(join(MODULES, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('sees the shapes it refuses', () => {
    const old = `
      interface Opts { actor: Actor; now: Date }
      export async function a(db: Db, id: string, input: unknown, opts: Opts) {}
      export async function b(db: Db, actor: Actor, id: string, now: Date) {}
      export async function c(db: Db, id: string, { actor, now }: { actor: Actor; now: Date }) {}
      export async function d(ctx: ServiceContext, actor: Actor, id: string, note: string) {}
      export async function e(ctx: ServiceContext, actor: Actor, input: { id: string }) {}
      export function f(actor: Actor, role: Role) {}`;
    expect(shapeViolations('x.service.ts', old).map((v) => v.split(' ').slice(1).join(' '))).toEqual([
      'a: the actor travels in an options object (opts: Opts)',
      'b: does not start (ctx: ServiceContext, actor: Actor',
      'c: the actor travels in an options object ({ actor, now }: { actor: Actor; now: Date })',
      'd: more than one input after the actor',
      'f: does not start (ctx: ServiceContext, actor: Actor',
    ]);
    expect(shapeViolations('x.policy.ts', 'export function f(actor: Actor, role: Role) {}')).toEqual([]);
  });
});
