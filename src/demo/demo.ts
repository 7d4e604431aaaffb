import type { Config } from '../config.ts';
import { seedDemoCardReader } from './card-reader.ts';
import type { Db } from '../db/db.ts';
import { wibDay } from '../lib/time.ts';
import { insertAccount } from '../modules/accounts/accounts.repo.ts';
import { insertApplication } from '../modules/applications/applications.repo.ts';
import { insertDocument } from '../modules/documents/documents.repo.ts';
import { renderPdf } from '../modules/documents/documents.pdf.ts';
import {
  decidePoc,
  insertClientApplication,
  insertNda,
  insertStatement,
  setAccountClientApplication,
} from '../modules/gates/gates.repo.ts';
import { insertAgreement, type AccessMethod } from '../modules/agreements/agreements.repo.ts';
import { TYPICAL_AGREEMENT_ELEMENTS, type ElementCode } from '../modules/elements/elements.ts';
import { insertInstitution } from '../modules/institutions/institutions.repo.ts';
import {
  insertProvision,
  syncAllowedNetworks,
} from '../modules/network-provisions/network-provisions.repo.ts';
import { findOfficeByRegion, insertOffice } from '../modules/offices/offices.repo.ts';
import { BatchedAuditSink, type AuditSink } from '../modules/audit/audit.sink.ts';
import { SERVER_ACTOR } from '../core/actor.ts';
import { classifyInstitution, recordDeposit } from '../modules/fees/fees.service.ts';
import { seedDemoHistory, type HistoryActor } from './history.ts';
import { semesterBounds } from '../modules/reports/reports.figures.ts';
import { previousSemester, semesterOf } from '../modules/reports/reports.overview.ts';
import { seedDemoReturnData } from './return-data.ts';
import { insertVersion } from '../modules/agreements/agreement-versions.repo.ts';
import { recordPurpose } from '../modules/purposes/purposes.ts';
import { addDemoContacts, DEMO_PURPOSES, DEMO_PURPOSE_GRANTS } from './resident.ts';

/**
 * Demo offices, institutions, agreements and accounts, modelled on real agreements (PKS) between
 * Disdukcapil offices and regional agencies. Everything here is invented; the people come from the
 * generator. Refused in production.
 */
export const DEMO_PASSWORD = 'Demo-Gerbang-2026';

export interface DemoAccount {
  username: string;
  role: string;
  institution?: string;
  customerId?: string;
  quota: string;
  note: string;
}

// The element sets of two real agreements (domain.md): nine elements, the address counted as one.
const NINE: ElementCode[] = [...TYPICAL_AGREEMENT_ELEMENTS];
const NINE_EDU: ElementCode[] = NINE.map((e) => (e === 'STATUS_KAWIN' ? 'PDDK_AKH' : e));

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export class DemoRefused extends Error {}

/**
 * Seeds the demo world once (idempotent: does nothing when the central office exists), then six weeks of
 * past activity written through the audit sink (`history.ts`; `audit` defaults to the gateway's own writer).
 */
export async function seedDemo(
  db: Db,
  config: Config,
  now = new Date(),
  opts: { audit?: AuditSink; historyDays?: number } = {},
): Promise<DemoAccount[] | null> {
  if (config.env === 'production') throw new DemoRefused('Demo seeding is refused when NODE_ENV=production');
  if (await findOfficeByRegion(db, null)) return null;
  const today = wibDay(now);
  // Agreements signed three months ago for two years, so the demo is in force whenever it is run.
  const start = addDays(today, -90);
  const end = addDays(start, 730);
  const localhost = ['127.0.0.0/8', '::1/128'];

  // The demo's own purposes, beside the catalogue's (033), so each agreement grants what its PKS says.
  for (const p of DEMO_PURPOSES) await recordPurpose({ db, now }, SERVER_ACTOR, p);

  const actors: HistoryActor[] = [];
  // The profit-oriented demo bank (fees, PP 10/2023): classified and funded after the world is seeded.
  let bankId = '';
  const accounts = await db.transaction(async (tx) => {
    const central = await insertOffice(tx, {
      level: 'central',
      regionCode: null,
      name: 'Direktorat Jenderal Kependudukan dan Pencatatan Sipil',
      parentId: null,
    });
    const jateng = await insertOffice(tx, {
      level: 'province',
      regionCode: '33',
      name: 'Dinas Kependudukan dan Pencatatan Sipil Provinsi Jawa Tengah',
      parentId: central.id,
    });
    const cilacap = await insertOffice(tx, {
      level: 'regency',
      regionCode: '3301',
      name: 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Cilacap',
      parentId: jateng.id,
    });
    const semarang = await insertOffice(tx, {
      level: 'city',
      regionCode: '3374',
      name: 'Dinas Kependudukan dan Pencatatan Sipil Kota Semarang',
      parentId: jateng.id,
    });

    const accounts: DemoAccount[] = [];
    const officer = async (
      username: string,
      role: 'central_officer' | 'office_officer',
      fullName: string,
      officeId: string | null,
      note: string,
    ) => {
      await insertAccount(tx, { username, password: DEMO_PASSWORD, role, fullName, officeId });
      accounts.push({ username, role, quota: '-', note });
    };
    await officer(
      'pusat.admin',
      'central_officer',
      'Petugas Ditjen Dukcapil',
      null,
      'central officer: sees every institution and the whole audit',
    );
    await officer(
      'jateng.admin',
      'office_officer',
      'Petugas Disdukcapil Jawa Tengah',
      jateng.id,
      'province officer: institutions under Jawa Tengah offices',
    );

    const institution = async (p: {
      code: string;
      name: string;
      officeId: string;
      active?: boolean;
      agreement: {
        elements: ElementCode[];
        methods: AccessMethod[];
        purpose: string;
        start?: string;
        end?: string;
        status?: 'active' | 'expired';
      };
      operator: { username: string; quota: number | null; note: string };
      /** Also a head and an admin of the institution (`<prefix>.kepala`, `<prefix>.admin`) for the portal. */
      staff?: boolean;
      /** Pays per access from a prepaid balance: its history is paid from monthly deposits (history.ts). */
      prepaid?: boolean;
    }) => {
      const inst = await insertInstitution(tx, {
        code: p.code,
        name: p.name,
        officeId: p.officeId,
        allowedNetworks: [...localhost, '10.33.0.0/16'],
        isActive: p.active ?? true,
      });
      // The network provisioning record the allowed networks come from (032): connected at the start.
      await insertProvision(tx, {
        institutionId: inst.id,
        agreementId: null,
        networks: [...localhost, '10.33.0.0/16'],
        provider: 'PT Jaringan Tertutup Sintetis',
        bandwidthMbps: 10,
        expectedOn: start,
        connectedOn: start,
        status: 'connected',
        topologyDocumentId: null,
        requestLetterDocumentId: null,
        note: 'Jaringan demo',
        origin: 'officer',
        createdBy: null,
        now: new Date(),
      });
      await syncAllowedNetworks(tx, inst.id);
      const agreement = await insertAgreement(tx, {
        institutionId: inst.id,
        officeId: p.officeId,
        registryNumber: `470/${p.code}/DUKCAPIL/${start.slice(0, 4)}`,
        institutionNumber: `800/${p.code}/${start.slice(0, 4)}`,
        purpose: p.agreement.purpose,
        elements: p.agreement.elements,
        methods: p.agreement.methods,
        startDate: p.agreement.start ?? start,
        endDate: p.agreement.end ?? end,
        status: p.agreement.status ?? 'active',
        defaultThreshold: config.defaultThreshold,
        allowedHoursStart: null,
        allowedHoursEnd: null,
      });
      // Version 1 of the terms, granting the agreement's purposes with its default (issue #15), so every
      // access — the history's and the demo user's — is audited against a version and with a purpose.
      const grants = DEMO_PURPOSE_GRANTS[p.code] ?? { purposeCodes: [], defaultPurpose: null };
      const version = await insertVersion(tx, {
        agreementId: agreement.id,
        createdBy: null,
        reason: 'Dicatat langsung (PKS yang sudah ditandatangani)',
        now: new Date(),
        purpose: agreement.purpose,
        elements: agreement.elements,
        methods: agreement.methods,
        endDate: null,
        returnData: [],
        allowedNetworks: [],
        bandwidthMbps: null,
        quotaPerAccount: null,
        cardReaders: 0,
        contactPersons: [],
        ...grants,
      });
      Object.assign(agreement, grants, { currentVersionId: version.id });
      const operator = await insertAccount(tx, {
        username: p.operator.username,
        password: DEMO_PASSWORD,
        role: 'operator',
        fullName: `Operator ${p.name}`,
        institutionId: inst.id,
        dailyQuota: p.operator.quota,
      });
      actors.push({
        code: p.code,
        institutionId: inst.id,
        isActive: inst.isActive,
        agreement,
        operator,
        prepaid: p.prepaid,
      });
      // The gates: the head's SPTJM (with its document), the operator's NDA, and the client application whose
      // PoC passed (every web-service caller is on development terms until then: the demo's clients passed).
      const now = new Date();
      const sptjm = await insertDocument(tx, {
        kind: 'responsibility_statement',
        filename: `sptjm-${p.code.toLowerCase()}.pdf`,
        contentType: 'application/pdf',
        bytes: await renderPdf({
          title: 'SPTJM',
          blocks: [
            { kind: 'heading', text: 'SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK' },
            {
              kind: 'paragraph',
              text: `Kepala ${p.name} bertanggung jawab mutlak atas pemanfaatan data kependudukan.`,
            },
          ],
        }),
        institutionId: inst.id,
        now,
      });
      await insertStatement(tx, {
        institutionId: inst.id,
        signatoryName: `Kepala ${p.name}`,
        signatoryPosition: 'Kepala',
        signedOn: start,
        documentId: sptjm.id,
        recordedBy: null,
        now,
      });
      await insertNda(tx, {
        accountId: operator.id,
        signedOn: start,
        documentId: null,
        recordedBy: null,
        now,
      });
      {
        const app = await insertClientApplication(tx, {
          institutionId: inst.id,
          name: `Aplikasi ${p.code}`,
          description: 'Aplikasi instansi yang memanggil web service',
          registeredBy: null,
          now,
        });
        await decidePoc(tx, app.id, { passed: true, note: 'PoC demo lulus', by: null, now });
        await setAccountClientApplication(tx, operator.id, app.id);
      }
      if (p.staff) {
        const prefix = p.operator.username.split('.')[0]!;
        for (const [suffix, role, note] of [
          ['kepala', 'institution_head', 'head of the institution: portal (reads, applies)'],
          ['admin', 'institution_admin', 'institution admin: portal (operators, requests)'],
        ] as const) {
          const person = await insertAccount(tx, {
            username: `${prefix}.${suffix}`,
            password: DEMO_PASSWORD,
            role,
            fullName: `${suffix === 'kepala' ? 'Kepala' : 'Admin'} ${p.name}`,
            institutionId: inst.id,
          });
          accounts.push({ username: `${prefix}.${suffix}`, role, customerId: p.code, quota: '-', note });
          // The head has applied for web-service access too: the officers' inbox has one to forward and decide.
          if (role === 'institution_head') {
            await insertApplication(tx, {
              institutionId: inst.id,
              officeId: inst.officeId,
              purpose: 'Verifikasi data korban bencana melalui aplikasi pendataan BPBD (web service)',
              elements: ['NIK', 'NAMA_LGKP', 'TGL_LHR', 'TMPT_LHR', 'ALAMAT'],
              methods: ['verification'],
              returnData: ['KETERANGAN_KORBAN_BENCANA', 'JENIS_BENCANA'],
              periodMonths: 24,
              periodUntil: null,
              applicantId: person.id,
              now,
            });
          }
        }
      }
      accounts.push({
        username: p.operator.username,
        role: 'operator',
        institution: p.name,
        customerId: p.code,
        quota: p.operator.quota === null ? 'unlimited' : `${p.operator.quota}/day`,
        note: p.operator.note,
      });
      return inst;
    };

    await institution({
      code: 'KESBANGPOL_JATENG',
      name: 'Badan Kesatuan Bangsa dan Politik Provinsi Jawa Tengah',
      officeId: jateng.id,
      agreement: {
        elements: NINE,
        methods: ['verification', 'portal'],
        purpose: 'Verifikasi data anggota organisasi kemasyarakatan (ORMAS)',
      },
      operator: { username: 'kesbangpol.op1', quota: 50, note: 'web service + portal' },
    });
    await institution({
      code: 'BPBD_CILACAP',
      name: 'Badan Penanggulangan Bencana Daerah Kabupaten Cilacap',
      officeId: cilacap.id,
      agreement: { elements: NINE, methods: ['portal'], purpose: 'Pendataan dan verifikasi korban bencana' },
      operator: { username: 'bpbd.op1', quota: 200, note: 'portal only (wire CALL_NIK / v1 look-up)' },
      staff: true,
    });
    await institution({
      code: 'BAPERLITBANG_CILACAP',
      name: 'Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kabupaten Cilacap',
      officeId: cilacap.id,
      agreement: {
        elements: NINE_EDU,
        methods: ['verification', 'portal'],
        purpose: 'Pemutakhiran data kemiskinan daerah',
      },
      operator: { username: 'baperlitbang.op1', quota: 1000, note: 'web service + portal' },
    });
    await institution({
      code: 'DINSOS_SEMARANG',
      name: 'Dinas Sosial Kota Semarang',
      officeId: semarang.id,
      agreement: {
        elements: NINE,
        methods: ['verification', 'portal', 'card_reader'],
        purpose: 'Verifikasi penerima bantuan sosial (PKH, PBI)',
      },
      operator: { username: 'dinsos.op1', quota: null, note: 'unlimited after PoC (still counted)' },
    });
    await institution({
      code: 'RSUD_NONAKTIF',
      name: 'Rumah Sakit Umum Daerah Contoh (instansi nonaktif)',
      officeId: central.id,
      active: false,
      agreement: { elements: NINE, methods: ['verification'], purpose: 'Verifikasi identitas pasien' },
      operator: { username: 'rsud.op1', quota: 100, note: 'inactive institution: refused (wire 16)' },
    });
    await institution({
      code: 'KOPERASI_LAMA',
      name: 'Koperasi Simpan Pinjam Contoh (PKS berakhir)',
      officeId: semarang.id,
      agreement: {
        elements: NINE,
        methods: ['verification', 'portal'],
        purpose: 'Verifikasi anggota koperasi',
        start: addDays(today, -1000),
        end: addDays(today, -270),
        status: 'expired',
      },
      operator: { username: 'koperasi.op1', quota: 100, note: 'expired agreement: refused (wire 16)' },
    });
    bankId = (
      await institution({
        code: 'BANK_SINTESIS',
        name: 'PT Bank Sintesis Nusantara Tbk (berorientasi profit)',
        officeId: central.id,
        agreement: {
          elements: NINE,
          methods: ['verification', 'portal'],
          purpose: 'Verifikasi identitas calon nasabah (prinsip mengenal nasabah)',
        },
        operator: {
          username: 'bank.op1',
          quota: 500,
          note: 'profit-oriented: Rp1,000 per answer from a Rp25,000 deposit; 402 / wire 22 once spent',
        },
        prepaid: true,
      })
    ).id;
    await insertAccount(tx, {
      username: 'bank.kepala',
      password: DEMO_PASSWORD,
      role: 'institution_head',
      fullName: 'Kepala PT Bank Sintesis Nusantara Tbk',
      institutionId: bankId,
    });
    accounts.push({
      username: 'bank.kepala',
      role: 'institution_head',
      customerId: 'BANK_SINTESIS',
      quota: '-',
      note: 'head of the bank: portal (balance, statements)',
    });
    await insertAccount(tx, {
      username: 'pusat.keuangan',
      password: DEMO_PASSWORD,
      role: 'finance_officer',
      fullName: 'Petugas Keuangan Ditjen Dukcapil',
    });
    accounts.push({
      username: 'pusat.keuangan',
      role: 'finance_officer',
      quota: '-',
      note: 'finance officer: records deposits (PNBP), reads balances and revenue',
    });
    return accounts;
  });
  await classifyInstitution({ db, now }, SERVER_ACTOR, {
    institutionId: bankId,
    feeClass: 'profit_oriented',
  });
  await seedDemoCardReader(db, now);
  const audit = opts.audit ?? new BatchedAuditSink(db);
  // Six dense weeks, and a lighter history back to the start of the last ended semester (its report).
  await seedDemoHistory(db, audit, actors, {
    now,
    days: opts.historyDays ?? 42,
    sparseFrom:
      opts.historyDays === undefined ? semesterBounds(previousSemester(semesterOf(today))).from : undefined,
  });
  await audit.flush();
  // The bank's history spent each month's deposit (history.ts); today it tops up Rp25,000, which the demo user
  // spends at Rp1,000 an answer before the 402.
  await recordDeposit({ db, now }, SERVER_ACTOR, {
    institutionId: bankId,
    rupiah: 25_000,
    paymentReference: 'SIMPONI-DEMO-0001',
    paidOn: today,
  });
  await seedDemoReturnData(db, now);
  // Every resident of the demo population gets the registry's synthetic e-mail contact, so anyone the demo's
  // operators look up can sign in to "Cek akses data saya" (codes go to the development sink).
  await addDemoContacts(db);
  return accounts;
}
