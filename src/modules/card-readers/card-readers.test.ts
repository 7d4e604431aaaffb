import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { seedCardReaderWorld } from '../../test/card-readers.ts';
import { addResident, GRANTED, tokenFor, useTestWorld } from '../../test/fixtures.ts';
import { pdfText } from '../../test/pdf-text.ts';
import { evaluateObligations } from '../compliance/compliance.service.ts';
import { addMonths } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { signedCardRead } from '../../cli/reader.commands.ts';
import { newSamKeyPair } from './card-reads.signing.ts';

const t = useTestWorld();

describe('work units and readers', () => {
  it('the head registers a unit and a reader; scope, region and serial are checked; the list shows them', async () => {
    const head = await as(t.app, t.world.head.username);
    const id = t.world.institution.id;
    const bad = await head.post(`/v1/institutions/${id}/work-units`, {
      name: 'Unit Tanpa Wilayah',
      address: 'Jl. Contoh 1',
      regionCode: '99.99',
    });
    expect([bad.statusCode, bad.json().error.code], bad.body).toEqual([400, 'WORK_UNIT_REGION_UNKNOWN']);
    const unit = await head.post(`/v1/institutions/${id}/work-units`, {
      name: 'UPT Cilacap',
      address: 'Jl. Contoh 1, Cilacap',
      regionCode: '33.01',
    });
    expect(unit.statusCode, unit.body).toBe(201);
    expect(unit.json().regionCode).toBe('3301');
    // Another institution's unit list is not the head's to read.
    const other = await head.get(`/v1/institutions/${t.world.other.institution.id}/work-units`);
    expect(other.statusCode).toBe(404);

    const reader = {
      serial: 'BPBD-RDR-001',
      vendor: 'Vendor Sintetis',
      model: 'KTP-R1',
      procuredOn: '2026-03-01',
    };
    const r = await head.post(`/v1/work-units/${unit.json().id}/card-readers`, reader);
    expect(r.statusCode, r.body).toBe(201);
    const twice = await head.post(`/v1/work-units/${unit.json().id}/card-readers`, reader);
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'READER_SERIAL_TAKEN']);
    const future = await head.post(`/v1/work-units/${unit.json().id}/card-readers`, {
      ...reader,
      serial: 'BPBD-RDR-002',
      procuredOn: '2999-01-01',
    });
    expect([future.statusCode, future.json().error.code]).toEqual([400, 'READER_PROCURED_IN_FUTURE']);
    const list = (await head.get(`/v1/institutions/${id}/work-units`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].readers.map((x: { serial: string }) => x.serial)).toEqual(['BPBD-RDR-001']);
  });

  it('a unit without a reader a year after signing is a compliance breach; a reader ends it', async () => {
    const w = await seedCardReaderWorld(t.db, t.world.province.id);
    const admin = await as(t.app, t.world.officer.username);
    const unit = await admin.post(`/v1/institutions/${w.institution.id}/work-units`, {
      name: 'Unit Kedua',
      address: 'Jl. Contoh 2',
      regionCode: '33',
    });
    expect(unit.statusCode).toBe(201);
    const today = wibDay(new Date());
    expect((await evaluateObligations(t.db, w.institution.id, today)).map((f) => f.obligation)).not.toContain(
      'card_reader',
    );
    const later = addMonths(today, 13);
    const findings = await evaluateObligations(t.db, w.institution.id, later);
    const f = findings.find((x) => x.obligation === 'card_reader');
    expect(f?.severity).toBe('breach');
    expect(f?.message).toContain('Unit Kedua');
    await admin.post(`/v1/work-units/${unit.json().id}/card-readers`, {
      serial: `RDR2-${w.institution.code}`,
      vendor: 'Vendor Sintetis',
      model: 'KTP-R2',
      procuredOn: '2026-04-01',
    });
    expect((await evaluateObligations(t.db, w.institution.id, later)).map((x) => x.obligation)).not.toContain(
      'card_reader',
    );
  });
});

describe('the SAM lifecycle', () => {
  it('requested → SIFILMA export and answer → personalised (public key only) → activated, with its trail', async () => {
    const w = await seedCardReaderWorld(t.db, t.world.province.id, { activate: false });
    const head = await as(t.app, t.world.head.username);
    const office = await as(t.app, t.world.provinceOfficer.username);
    // A second reader of the same unit: the whole machine through the API.
    const reader = await office.post(`/v1/work-units/${w.unit.id}/card-readers`, {
      serial: `LC-${w.institution.code}`,
      vendor: 'Vendor Sintetis',
      model: 'KTP-R1',
      procuredOn: '2026-02-02',
    });
    const req = await office.post(`/v1/card-readers/${reader.json().id}/sams`, {});
    expect(req.statusCode, req.body).toBe(201);
    const samId = req.json().id as string;
    expect(req.json().state).toBe('requested');
    const second = await office.post(`/v1/card-readers/${reader.json().id}/sams`, {});
    expect([second.statusCode, second.json().error.code]).toEqual([409, 'READER_HAS_SAM']);
    // BPBD's head cannot see this institution's SAM.
    expect((await head.get(`/v1/sams/${samId}`)).statusCode).toBe(404);

    const csv = await office.get('/v1/sams/sifilma-request.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(samId);
    expect(csv.body).toContain(`LC-${w.institution.code}`);
    const pdf = await office.get('/v1/sams/sifilma-request.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(await pdfText(pdf.rawPayload)).toContain(samId);

    const early = await office.post(`/v1/sams/${samId}/personalise`, {});
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'SIFILMA_NOT_ACCEPTED']);
    const answer = await office.post(`/v1/sams/${samId}/sifilma-answer`, {
      accepted: true,
      reference: 'SIF/2026/77',
    });
    expect(answer.json().sifilmaStatus).toBe('accepted');
    const twice = await office.post(`/v1/sams/${samId}/sifilma-answer`, {
      accepted: false,
      reference: 'SIF/2026/78',
    });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'SIFILMA_ANSWERED']);
    expect((await office.get('/v1/sams/sifilma-request.csv')).body).not.toContain(samId);

    const bad = await office.post(`/v1/sams/${samId}/personalise`, { publicKey: 'AAAA' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'SAM_PUBLIC_KEY_INVALID']);
    const { publicKey } = newSamKeyPair();
    const p = await office.post(`/v1/sams/${samId}/personalise`, { publicKey });
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json().privateKeyPem).toBeNull();
    expect(p.json().keyFingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(p.body).not.toContain(publicKey);
    // Gerbang made w.sam's key: only the public half is stored.
    const { rows } = await t.db.query<{ public_key: string }>(`SELECT * FROM sam_cards WHERE id = $1`, [
      w.sam.id,
    ]);
    expect(JSON.stringify(rows)).not.toContain('PRIVATE KEY');
    expect(w.privateKeyPem).toContain('PRIVATE KEY');

    const act = await office.post(`/v1/sams/${samId}/activate`, {});
    expect(act.statusCode, act.body).toBe(200);
    expect(act.json().agreementId).toBe(w.agreement.id);
    const again = await office.post(`/v1/sams/${samId}/activate`, {});
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'SAM_STATE']);
    const trail = (await office.get(`/v1/sams/${samId}`)).json();
    expect(trail.events.map((e: { toState: string }) => e.toState)).toEqual([
      'requested',
      'requested',
      'personalised',
      'activated',
    ]);
    const audit = await office.get(`/v1/admin-audit?entityId=${samId}`);
    expect(audit.body).toContain('sam.activate');
  });

  it('activation is refused unless the agreement in force grants the card-reader method', async () => {
    const w = await seedCardReaderWorld(t.db, t.world.province.id, {
      methods: ['verification'],
      activate: false,
    });
    const office = await as(t.app, t.world.provinceOfficer.username);
    const res = await office.post(`/v1/sams/${w.sam.id}/activate`, {});
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'SAM_METHOD_NOT_GRANTED']);
    expect(res.json().error.message).toContain('card-reader');
  });

  it('activation is refused without an agreement in force', async () => {
    const w = await seedCardReaderWorld(t.db, t.world.province.id, { activate: false });
    const office = await as(t.app, t.world.provinceOfficer.username);
    const rev = await office.post(`/v1/agreements/${w.agreement.id}/revoke`, {
      reason: 'Pelanggaran kewajiban',
    });
    expect(rev.statusCode, rev.body).toBe(200);
    const res = await office.post(`/v1/sams/${w.sam.id}/activate`, {});
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'SAM_NO_AGREEMENT_IN_FORCE']);
  });

  it('a SAM that SIFILMA rejected has no configuration to return', async () => {
    const w = await seedCardReaderWorld(t.db, t.world.province.id, { activate: false });
    const office = await as(t.app, t.world.provinceOfficer.username);
    const reader = await office.post(`/v1/work-units/${w.unit.id}/card-readers`, {
      serial: `LR-${w.institution.code}`,
      vendor: 'Vendor Sintetis',
      model: 'KTP-R1',
      procuredOn: '2026-02-02',
    });
    const samId = (await office.post(`/v1/card-readers/${reader.json().id}/sams`, {})).json().id as string;
    const rejected = await office.post(`/v1/sams/${samId}/sifilma-answer`, {
      accepted: false,
      reference: 'SIF/2026/79',
    });
    expect(rejected.json().state).toBe('deactivated');
    const up = await office.post(`/v1/sams/${samId}/configuration`, {
      filename: 'sam.cfg',
      base64: Buffer.from('SAM-CONFIG v1\n').toString('base64'),
    });
    expect([up.statusCode, up.json().error.code]).toEqual([409, 'SAM_NOT_PERSONALISED']);
  });

  it('revocation deactivates every active SAM at once and opens a return task the compliance engine tracks', async () => {
    const w = await seedCardReaderWorld(t.db, t.world.province.id);
    const office = await as(t.app, t.world.provinceOfficer.username);
    const head = await as(t.app, t.world.officer.username);
    const rev = await office.post(`/v1/agreements/${w.agreement.id}/revoke`, {
      reason: 'Pelanggaran kewajiban',
    });
    expect(rev.statusCode, rev.body).toBe(200);
    const sam = (await office.get(`/v1/sams/${w.sam.id}`)).json();
    expect(sam.state).toBe('deactivated');
    expect(sam.deactivationReason).toContain('revoked');
    const tasks = (await office.get(`/v1/institutions/${w.institution.id}/sam-return-tasks`)).json().items;
    expect(tasks).toHaveLength(1);
    expect(tasks[0].samIds).toEqual([w.sam.id]);
    expect(tasks[0].closedAt).toBeNull();

    const today = wibDay(new Date());
    const before = await evaluateObligations(t.db, w.institution.id, today);
    expect(before.find((f) => f.obligation === 'sam_config_return')?.severity).toBe('notice');
    const after = await evaluateObligations(t.db, w.institution.id, addMonths(today, 1));
    expect(after.find((f) => f.obligation === 'sam_config_return')?.severity).toBe('breach');

    const config = Buffer.from('SAM-CONFIG v1\nslot=1\n');
    const up = await head.post(`/v1/sams/${w.sam.id}/configuration`, {
      filename: 'sam.cfg',
      base64: config.toString('base64'),
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().state).toBe('config_returned');
    const file = await office.get(`/v1/sams/${w.sam.id}/configuration`);
    expect(file.rawPayload.equals(config)).toBe(true);
    const closed = (await office.get(`/v1/institutions/${w.institution.id}/sam-return-tasks`)).json().items;
    expect(closed[0].closedAt).not.toBeNull();
    expect(
      (await evaluateObligations(t.db, w.institution.id, addMonths(today, 1))).map((f) => f.obligation),
    ).not.toContain('sam_config_return');
    const confirm = await office.post(`/v1/sams/${w.sam.id}/configuration/confirm`, {});
    expect(confirm.json().state).toBe('config_confirmed');
  });
});

describe('POST /v1/card-reads', () => {
  const read = async (token: string, body: object) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/card-reads',
      headers: { authorization: `Bearer ${token}` },
      payload: body,
    });

  it('answers the granted elements for a signed read, audited with method card_reader', async () => {
    const w = await seedCardReaderWorld(t.db, t.world.province.id);
    const r = await addResident(t.db, { motherName: 'IBU RAHASIA SEKALI' });
    const token = await tokenFor(t.app, w.operator.username);
    const body = signedCardRead(w.privateKeyPem, {
      readerSerial: w.reader.serial,
      samId: w.sam.id,
      nik: r.nik,
    });
    const res = await read(token, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json().outcome).toBe('FOUND');
    expect(Object.keys(res.json().elements).sort()).toEqual([...GRANTED].sort());
    expect(res.body).not.toContain('IBU RAHASIA SEKALI');
    const { rows } = await t.db.query<{ method: string; outcome: string }>(
      `SELECT method, outcome FROM access_audit WHERE request_id = $1`,
      [res.json().requestId],
    );
    expect(rows).toEqual([{ method: 'card_reader', outcome: 'found' }]);
    // The dashboard counts card-reader use among the methods.
    const office = await as(t.app, t.world.provinceOfficer.username);
    const today = wibDay(new Date());
    const stats = await office.get(
      `/v1/audit/stats?from=${today}&to=${today}&institutionId=${w.institution.id}`,
    );
    expect(stats.json().methods).toEqual([{ method: 'card_reader', hits: 1 }]);

    // The same nonce again: a replay.
    const again = await read(token, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CARD_READ_REPLAYED');
  });

  it('refuses a bad signature, a stale read, a SAM of another reader or not active, and a caller without the method', async () => {
    const w = await seedCardReaderWorld(t.db, t.world.province.id);
    const r = await addResident(t.db);
    const token = await tokenFor(t.app, w.operator.username);
    const base = { readerSerial: w.reader.serial, samId: w.sam.id, nik: r.nik };
    const signed = signedCardRead(w.privateKeyPem, base);
    const tampered = await read(token, { ...signed, nik: (await addResident(t.db)).nik });
    expect(tampered.json().error.code).toBe('CARD_SIGNATURE_INVALID');
    const otherKey = signedCardRead(newSamKeyPairPem(), base);
    expect((await read(token, otherKey)).json().error.code).toBe('CARD_SIGNATURE_INVALID');
    const stale = signedCardRead(w.privateKeyPem, {
      ...base,
      timestamp: new Date(Date.now() - 10 * 60 * 1000).toISOString(),
    });
    const staleRes = await read(token, stale);
    expect(staleRes.statusCode).toBe(400);
    expect(staleRes.json().error.code).toBe('CARD_READ_STALE');
    const wrongReader = signedCardRead(w.privateKeyPem, { ...base, readerSerial: 'RDR-TIDAK-ADA' });
    expect((await read(token, wrongReader)).json().error.code).toBe('SAM_NOT_ACTIVE');
    // Another institution's operator cannot use this SAM.
    const x = await seedCardReaderWorld(t.db, t.world.province.id);
    const foreign = await read(
      await tokenFor(t.app, x.operator.username),
      signedCardRead(w.privateKeyPem, base),
    );
    expect(foreign.json().error.code).toBe('SAM_NOT_ACTIVE');
    // BPBD's agreement grants no card-reader method.
    const bpbd = await read(
      await tokenFor(t.app, t.world.operator.username),
      signedCardRead(w.privateKeyPem, base),
    );
    expect(bpbd.json().error.code).toBe('METHOD_NOT_GRANTED');
    // Deactivated: refused.
    const office = await as(t.app, t.world.provinceOfficer.username);
    await office.post(`/v1/sams/${w.sam.id}/deactivate`, { reason: 'Card reader hilang' });
    const off = await read(token, signedCardRead(w.privateKeyPem, base));
    expect(off.statusCode).toBe(403);
    expect(off.json().error.code).toBe('SAM_NOT_ACTIVE');
    const { rows } = await t.db.query<{ outcome: string }>(
      `SELECT outcome FROM access_audit WHERE account_id = $1 AND method = 'card_reader' ORDER BY id`,
      [w.operator.id],
    );
    expect(rows.map((x) => x.outcome)).toEqual([
      'card_signature_invalid',
      'card_signature_invalid',
      'card_read_stale',
      'sam_not_active',
      'sam_not_active',
    ]);
    // A malformed body from an authorized caller: 400, audited, no hit.
    const malformed = await read(token, { ...base, signature: 'x' });
    expect(malformed.statusCode).toBe(400);
    const last = await t.db.query<{ outcome: string }>(
      `SELECT outcome FROM access_audit WHERE account_id = $1 ORDER BY id DESC LIMIT 1`,
      [w.operator.id],
    );
    expect(last.rows[0]?.outcome).toBe('invalid_request');
  });
});

function newSamKeyPairPem(): string {
  return newSamKeyPair().privateKeyPem;
}
