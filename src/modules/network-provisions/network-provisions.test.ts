import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import {
  addOperator,
  addResident,
  agreementFor,
  PASSWORD,
  TINY_PDF,
  tokenFor,
  useTestWorld,
} from '../../test/fixtures.ts';
import { wibDay } from '../../lib/time.ts';
import { insertAgreement } from '../agreements/agreements.repo.ts';
import type { Institution } from '../institutions/institutions.repo.ts';

// A controllable clock: the connection date defaults to its WIB day, and a later one is refused.
// It starts a minute ahead of the seeded passwords (tokens issued before a password's time are refused).
const now = Date.now() + 60_000;
const clock = () => new Date(now);
const t = useTestWorld({ clock });

const pdf = (bytes: Buffer = TINY_PDF) => ({
  filename: 'topologi.pdf',
  contentType: 'application/pdf',
  base64: bytes.toString('base64'),
});

async function newInstitution(code: string): Promise<Institution> {
  const officer = await as(t.app, t.world.provinceOfficer.username);
  const res = await officer.post('/v1/institutions', {
    code,
    name: `Instansi ${code}`,
    officeId: t.world.province.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  const inst = res.json() as Institution;
  expect(inst.allowedNetworks).toEqual([]);
  await insertAgreement(t.db, agreementFor(inst));
  return inst;
}

const lookup = async (username: string, nik: string) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/lookups',
    headers: { authorization: `Bearer ${await tokenFor(t.app, username)}` },
    payload: { nik },
  });
const wire = (code: string, username: string, nik: string) =>
  t.app
    .inject({
      method: 'POST',
      url: `/dukcapil/get_json/${code}/CALL_NIK`,
      payload: { USER_ID: username, PASSWORD, IP_USER: '127.0.0.1', NIK: nik },
    })
    .then((r) => r.json().content[0].RESPONSE_CODE as string);

describe('the network provisioning record', () => {
  it('is the source of the allowed networks: only a connected record lets the caller in', async () => {
    const inst = await newInstitution('NET_A');
    const op = await addOperator(t.db, inst);
    const r = await addResident(t.db);
    const officer = await as(t.app, t.world.provinceOfficer.username);
    // No record: no network is allowed (v1 403, wire 10).
    expect((await lookup(op.username, r.nik)).json().error.code).toBe('NETWORK_NOT_ALLOWED');
    expect(await wire('NET_A', op.username, r.nik)).toBe('10');

    const created = await officer.post(`/v1/institutions/${inst.id}/network-provisions`, {
      provider: 'PT Jaringan Tertutup Sintetis',
      networks: ['127.0.0.1'],
      bandwidthMbps: 10,
      expectedOn: '2026-12-10',
    });
    expect(created.statusCode, created.body).toBe(201);
    const rec = created.json();
    expect(rec).toMatchObject({ status: 'requested', networks: ['127.0.0.1/32'], origin: 'officer' });
    const move = (body: object) => officer.post(`/v1/network-provisions/${rec.id}/status`, body);

    // Requested → connected skips a step; provisioned is not yet connected.
    const skip = await move({ status: 'connected' });
    expect([skip.statusCode, skip.json().error.code]).toEqual([409, 'PROVISION_STATE']);
    expect((await move({ status: 'provisioned' })).json().status).toBe('provisioned');
    // The connection date is the connected record's only.
    const dated = await officer.patch(`/v1/network-provisions/${rec.id}`, { connectedOn: wibDay(clock()) });
    expect([dated.statusCode, dated.json().error.code]).toEqual([400, 'PROVISION_NOT_CONNECTED']);
    expect((await lookup(op.username, r.nik)).json().error.code).toBe('NETWORK_NOT_ALLOWED');
    // A connection date after today (WIB) is refused, and nothing changes.
    const tomorrow = await move({ status: 'connected', connectedOn: wibDay(new Date(now + 24 * 3600_000)) });
    expect([tomorrow.statusCode, tomorrow.json().error.code]).toEqual([400, 'PROVISION_CONNECTED_IN_FUTURE']);
    const connected = await move({ status: 'connected' });
    expect(connected.json()).toMatchObject({ status: 'connected', connectedOn: wibDay(clock()) });
    expect((await lookup(op.username, r.nik)).statusCode).toBe(200);
    expect(await wire('NET_A', op.username, r.nik)).toBe('01');

    // The institution sees it (read only) with what the access path admits.
    const head = await as(t.app, t.world.head.username);
    const list = await officer.get(`/v1/institutions/${inst.id}/network-provisions`);
    expect(list.json()).toMatchObject({ allowedNetworks: ['127.0.0.1/32'], provisions: [{ id: rec.id }] });
    // An edit of a connected record's networks takes effect at once.
    const moved = await officer.patch(`/v1/network-provisions/${rec.id}`, { networks: ['10.99.0.0/16'] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await lookup(op.username, r.nik)).json().error.code).toBe('NETWORK_NOT_ALLOWED');
    await officer.patch(`/v1/network-provisions/${rec.id}`, { networks: ['127.0.0.0/8', '10.99.0.0/16'] });
    expect((await lookup(op.username, r.nik)).statusCode).toBe(200);

    // Withdrawn: closed again; a withdrawn record is not changed nor moved.
    expect((await move({ status: 'withdrawn', note: 'Jalur diputus' })).json().status).toBe('withdrawn');
    expect((await lookup(op.username, r.nik)).json().error.code).toBe('NETWORK_NOT_ALLOWED');
    expect((await move({ status: 'connected' })).statusCode).toBe(409);
    const edit = await officer.patch(`/v1/network-provisions/${rec.id}`, { provider: 'Lain' });
    expect([edit.statusCode, edit.json().error.code]).toEqual([409, 'PROVISION_WITHDRAWN']);
    // Every change left its admin-audit row.
    const { rows } = await t.db.query<{ action: string }>(
      `SELECT action FROM admin_audit WHERE entity_id = $1 ORDER BY at, id`,
      [rec.id],
    );
    expect(rows.map((x) => x.action)).toEqual([
      'network_provision.create',
      'network_provision.provisioned',
      'network_provision.connected',
      'network_provision.update',
      'network_provision.update',
      'network_provision.withdrawn',
    ]);
    // The world's head sees its own institution's records only.
    expect((await head.get(`/v1/institutions/${inst.id}/network-provisions`)).statusCode).toBe(404);
  });

  it('keeps the union of the connected records, and the older settings path writes through a record', async () => {
    const inst = await newInstitution('NET_B');
    const officer = await as(t.app, t.world.provinceOfficer.username);
    const add = async (networks: string[]) => {
      const rec = (
        await officer.post(`/v1/institutions/${inst.id}/network-provisions`, { provider: 'PT Uji', networks })
      ).json();
      await officer.post(`/v1/network-provisions/${rec.id}/status`, { status: 'provisioned' });
      await officer.post(`/v1/network-provisions/${rec.id}/status`, { status: 'connected' });
      return rec.id as string;
    };
    await add(['10.1.0.0/16']);
    await add(['10.2.0.0/16', '10.1.0.0/16']);
    // The institution's settings (PATCH allowedNetworks) become a record of their own, added to the union.
    const patched = await officer.patch(`/v1/institutions/${inst.id}`, { allowedNetworks: ['10.3.0.1'] });
    expect(patched.json().allowedNetworks).toEqual(['10.1.0.0/16', '10.2.0.0/16', '10.3.0.1/32']);
    const list = (await officer.get(`/v1/institutions/${inst.id}/network-provisions`)).json();
    expect(list.provisions.map((p: { origin: string }) => p.origin).sort()).toEqual([
      'institution_settings',
      'officer',
      'officer',
    ]);
    // Emptied settings withdraw their record only.
    const emptied = await officer.patch(`/v1/institutions/${inst.id}`, { allowedNetworks: [] });
    expect(emptied.json().allowedNetworks).toEqual(['10.1.0.0/16', '10.2.0.0/16']);
  });

  it('attaches the topology diagram and the request letter, readable by the institution', async () => {
    const officer = await as(t.app, t.world.provinceOfficer.username);
    const rec = (
      await officer.post(`/v1/institutions/${t.world.institution.id}/network-provisions`, {
        provider: 'PT Uji',
      })
    ).json();
    for (const kind of ['topology', 'request_letter']) {
      const res = await officer.post(`/v1/network-provisions/${rec.id}/documents/${kind}`, {
        document: pdf(),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const head = await as(t.app, t.world.head.username);
    const list = (await head.get(`/v1/institutions/${t.world.institution.id}/network-provisions`)).json();
    const mine = list.provisions.find((p: { id: string }) => p.id === rec.id);
    expect(mine.topologyDocumentId).toMatch(/^doc_/);
    const doc = await head.get(`/v1/documents/${mine.requestLetterDocumentId}`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/pdf');
    // The institution reads; it does not write.
    expect(
      (await head.post(`/v1/network-provisions/${rec.id}/status`, { status: 'withdrawn' })).statusCode,
    ).toBe(403);
  });

  it('refuses bad input in the caller’s terms and changes nothing', async () => {
    const officer = await as(t.app, t.world.provinceOfficer.username);
    const url = `/v1/institutions/${t.world.institution.id}/network-provisions`;
    const before = (await officer.get(url)).json().provisions.length;
    for (const body of [
      {},
      { provider: 'PT Uji', networks: ['10.0.0.0/33'] },
      { provider: 'PT Uji', networks: ['bukan-ip'] },
      { provider: 'PT Uji', bandwidthMbps: 0 },
      { provider: 'PT Uji', expectedOn: '2026-13-01' },
      { provider: 'x' },
    ]) {
      const res = await officer.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const foreign = await officer.post(url, { provider: 'PT Uji', agreementId: t.world.other.agreement.id });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([400, 'PROVISION_AGREEMENT_FOREIGN']);
    expect((await officer.get(url)).json().provisions.length).toBe(before);
    const rec = (await officer.post(url, { provider: 'PT Uji' })).json();
    // No networks yet: it cannot be provisioned.
    const bare = await officer.post(`/v1/network-provisions/${rec.id}/status`, { status: 'provisioned' });
    expect([bare.statusCode, bare.json().error.code]).toEqual([400, 'PROVISION_NETWORKS_REQUIRED']);
    expect(
      (await officer.post(`/v1/network-provisions/${rec.id}/status`, { status: 'aktif' })).statusCode,
    ).toBe(400);
    expect((await officer.patch(`/v1/network-provisions/${rec.id}`, {})).statusCode).toBe(400);
    const notPdf = await officer.post(`/v1/network-provisions/${rec.id}/documents/topology`, {
      document: pdf(Buffer.from('bukan pdf sama sekali')),
    });
    expect([notPdf.statusCode, notPdf.json().error.code]).toEqual([400, 'FILE_NOT_OF_TYPE']);
    expect(
      (await officer.post(`/v1/network-provisions/${rec.id}/documents/lain`, { document: pdf() })).statusCode,
    ).toBe(400);
    // Outside the officer's area a record is not found.
    const otherRec = (
      await (
        await as(t.app, t.world.officer.username)
      ).post(`/v1/institutions/${t.world.other.institution.id}/network-provisions`, { provider: 'PT Uji' })
    ).json();
    expect(
      (await officer.patch(`/v1/network-provisions/${otherRec.id}`, { provider: 'PT Lain' })).statusCode,
    ).toBe(404);
    expect(
      (
        await officer.post(`/v1/institutions/${t.world.other.institution.id}/network-provisions`, {
          provider: 'PT Uji',
        })
      ).statusCode,
    ).toBe(404);
  });
});
