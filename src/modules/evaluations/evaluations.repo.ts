import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { checklistItem, evaluationSchema } from './evaluations.schema.ts';

// An evaluation, its checklist and its recommendations as the repository reads them and the API answers them (the
// zod schema is the one source).
export type Evaluation = z.output<typeof evaluationSchema>;
export type ChecklistItem = z.output<typeof checklistItem>;
export type Recommendation = Evaluation['recommendations'][number];

const COLUMNS = `e.id, e.institution_id AS "institutionId", e.office_id AS "officeId", e.kind, e.semester,
  e.checklist, e.findings, e.result, e.letter_number AS "letterNumber", e.evaluated_by AS "evaluatedBy",
  e.evaluated_at AS "evaluatedAt",
  coalesce((SELECT json_agg(json_build_object('id', r.id, 'text', r.text, 'dueOn', r.due_on::text,
                                              'doneAt', r.done_at, 'doneNote', r.done_note) ORDER BY r.position)
              FROM evaluation_recommendations r WHERE r.evaluation_id = e.id), '[]') AS recommendations`;

export async function insertEvaluation(
  db: Db,
  e: Omit<Evaluation, 'id' | 'recommendations'> & { recommendations: { text: string; dueOn: string }[] },
): Promise<string> {
  const id = newId('evl');
  await db.query(
    `INSERT INTO evaluations (id, institution_id, office_id, kind, semester, checklist, findings, result,
                              letter_number, evaluated_by, evaluated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11)`,
    [
      id,
      e.institutionId,
      e.officeId,
      e.kind,
      e.semester,
      JSON.stringify(e.checklist),
      e.findings,
      e.result,
      e.letterNumber,
      e.evaluatedBy,
      e.evaluatedAt,
    ],
  );
  for (const [i, r] of e.recommendations.entries()) {
    await db.query(
      `INSERT INTO evaluation_recommendations (id, evaluation_id, institution_id, position, text, due_on)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [newId('rec'), id, e.institutionId, i + 1, r.text, r.dueOn],
    );
  }
  return id;
}

export async function getEvaluation(db: Db, id: string): Promise<Evaluation | null> {
  const { rows } = await db.query<Evaluation>(`SELECT ${COLUMNS} FROM evaluations e WHERE e.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listEvaluations(
  db: Db,
  f: { officeIds?: string[] | undefined; institutionId?: string | undefined; semester?: string | undefined },
): Promise<Evaluation[]> {
  const { rows } = await db.query<Evaluation>(
    `SELECT ${COLUMNS} FROM evaluations e JOIN institutions i ON i.id = e.institution_id
      WHERE ($1::text[] IS NULL OR i.office_id = ANY($1)) AND ($2::text IS NULL OR e.institution_id = $2)
        AND ($3::text IS NULL OR e.semester = $3)
      ORDER BY e.evaluated_at DESC, e.id LIMIT 1000`,
    [f.officeIds ?? null, f.institutionId ?? null, f.semester ?? null],
  );
  return rows;
}

/** A recommendation with what scopes it (its institution's managing office). */
export async function getRecommendation(db: Db, id: string, lock = false) {
  const { rows } = await db.query<{
    id: string;
    evaluationId: string;
    institutionId: string;
    officeId: string;
    doneAt: string | null;
  }>(
    `SELECT r.id, r.evaluation_id AS "evaluationId", r.institution_id AS "institutionId", i.office_id AS "officeId",
            r.done_at AS "doneAt"
       FROM evaluation_recommendations r JOIN institutions i ON i.id = r.institution_id
      WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function markRecommendationDone(
  db: Db,
  id: string,
  d: { note: string; by: string | null; now: Date },
): Promise<void> {
  await db.query(
    `UPDATE evaluation_recommendations SET done_at = $2, done_note = $3, done_by = $4 WHERE id = $1`,
    [id, d.now.toISOString(), d.note, d.by],
  );
}

/** Open recommendations past their follow-up date on `today`: the compliance engine's breach. */
export async function overdueRecommendations(
  db: Db,
  institutionId: string,
  today: string,
): Promise<{ text: string; dueOn: string }[]> {
  const { rows } = await db.query<{ text: string; dueOn: string }>(
    `SELECT text, due_on::text AS "dueOn" FROM evaluation_recommendations
      WHERE institution_id = $1 AND done_at IS NULL AND due_on < $2::date ORDER BY due_on, position`,
    [institutionId, today],
  );
  return rows;
}
