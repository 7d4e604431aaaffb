import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { sampleResidents } from '../modules/residents/residents.repo.ts';
import { addSyntheticContacts } from '../modules/resident/resident.contacts.ts';
import { DEMO_PASSWORD, type DemoAccount } from './demo.ts';
import { demoResident } from './resident.ts';

/** Prints how to log in to the demo and example calls with synthetic NIKs from the demo population. */
export async function printDemoGuide(db: Db, config: Config, accounts: DemoAccount[] | null): Promise<void> {
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const [person] = await sampleResidents(db, { status: 'active', limit: 1 });
  const [deceased] = await sampleResidents(db, { status: 'deceased', limit: 1 });
  const lines: string[] = [];
  const out = (s = '') => lines.push(s);
  out();
  out('Gerbang demo (synthetic population; every person is invented)');
  out(`  Portal        ${base}/      (web portal: sign in with an account below)`);
  out(`  API           ${base}`);
  out(`  Swagger UI    ${base}/docs      OpenAPI: ${base}/openapi.json`);
  out();
  if (accounts) {
    out(`Accounts (password for all: ${DEMO_PASSWORD})`);
    for (const a of accounts) {
      out(
        `  ${a.username.padEnd(18)} ${a.role.padEnd(16)} ${(a.customerId ?? '').padEnd(21)} ${a.quota.padEnd(10)} ${a.note}`,
      );
    }
  } else {
    out(`Accounts: as set up earlier (demo password ${DEMO_PASSWORD}); \`gerbang account list\` lists them.`);
  }
  if (person) {
    const [y, m, d] = person.birthDate.split('-');
    out();
    out('Try it (in another terminal):');
    out(`  TOKEN=$(curl -s ${base}/v1/auth/token -H 'content-type: application/json' \\`);
    out(
      `    -d '{"username":"kesbangpol.op1","password":"${DEMO_PASSWORD}"}' | sed -E 's/.*"token":"([^"]+)".*/\\1/')`,
    );
    out(
      `  curl -s ${base}/v1/verifications -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
    );
    out(
      `    -d '{"nik":"${person.nik}","elements":{"NAMA_LGKP":"${person.fullName.toLowerCase()}","TGL_LHR":"${person.birthDate}","NAMA_LGKP_IBU":"X"}}'`,
    );
    out(
      `  curl -s ${base}/v1/lookups -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"nik":"${person.nik}"}'`,
    );
    out();
    out('  Dukcapil wire format (existing clients):');
    out(
      `  curl -s ${base}/dukcapil/get_json/KESBANGPOL_JATENG/CALL_VERIFY_BY_ELEMEN -H 'content-type: application/json' \\`,
    );
    out(
      `    -d '{"USER_ID":"kesbangpol.op1","PASSWORD":"${DEMO_PASSWORD}","IP_USER":"127.0.0.1","TRESHOLD":"80","NIK":"${person.nik}","NAMA_LGKP":"${person.fullName}","TGL_LHR":"${d}-${m}-${y}"}'`,
    );
    out(`  curl -s ${base}/dukcapil/get_json/BPBD_CILACAP/CALL_NIK -H 'content-type: application/json' \\`);
    out(
      `    -d '{"user_id":"bpbd.op1","password":"${DEMO_PASSWORD}","ip_user":"127.0.0.1","nik":"${deceased?.nik ?? person.nik}"}'`,
    );
    out();
    // The demo's featured resident (history.ts looks them up every third working day), with the registry's
    // synthetic e-mail contact, so it can sign in.
    const citizen = (await demoResident(db)) ?? person.nik;
    await addSyntheticContacts(db, [citizen]);
    out('  The resident checks who accessed their data ("Cek akses data saya"; codes go to the dev sink):');
    out(`  Browser: ${base}/warga      NIK ${citizen}; the code: ${base}/v1/resident/dev/outbox`);
    out(
      `  curl -s ${base}/v1/resident/sign-in/code -H 'content-type: application/json' -d '{"nik":"${citizen}"}'`,
    );
    out(`  curl -s ${base}/v1/resident/dev/outbox      # the code, since no SMTP_URL is set`);
    out(
      `  curl -s -c jar ${base}/v1/resident/sign-in -H 'content-type: application/json' -d '{"nik":"${citizen}","code":"<code>"}'`,
    );
    out(`  curl -s -b jar ${base}/v1/resident/history`);
    out();
    out('  Officers read the audit:');
    out(`  OFFICER=$(curl -s ${base}/v1/auth/token -H 'content-type: application/json' \\`);
    out(
      `    -d '{"username":"pusat.admin","password":"${DEMO_PASSWORD}"}' | sed -E 's/.*"token":"([^"]+)".*/\\1/')`,
    );
    out(`  curl -s "${base}/v1/audit?limit=5" -H "authorization: Bearer $OFFICER"`);
    const sam = await db.query<{ id: string; serial: string }>(
      `SELECT s.id, r.serial FROM sam_cards s JOIN card_readers r ON r.id = s.reader_id
        WHERE s.state = 'activated' ORDER BY s.requested_at LIMIT 1`,
    );
    if (sam.rows[0]) {
      out();
      out('  A KTP-el card reader (Dinas Sosial Kota Semarang; the SAM key is the demo\'s "card"):');
      out(
        `  gerbang reader simulate --url ${base} --user dinsos.op1 --password ${DEMO_PASSWORD} --demo-key \\`,
      );
      out(`    --sam ${sam.rows[0].id} --serial ${sam.rows[0].serial} --nik ${person.nik}`);
    }
  }
  out();
  console.log(lines.join('\n'));
}
