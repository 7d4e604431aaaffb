/**
 * Fees (PP 10/2023) in the browser: the finance officer records a deposit for the bank, the bank's operator's
 * look-ups draw Rp1,000 each from it until the balance is empty and the next is refused (402, "saldo"), and
 * the monthly statement — the finance officer's and the bank head's — shows the deposit, the charges and the
 * closing balance, with its PDF.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { insertAccount } from '../../src/modules/accounts/accounts.repo.ts';
import { SERVER_ACTOR } from '../../src/core/actor.ts';
import { classifyInstitution } from '../../src/modules/fees/fees.service.ts';
import { addResident, PASSWORD } from '../../src/test/fixtures.ts';
import { pdfText } from '../../src/test/pdf-text.ts';
import { common } from '../src/locales/common.ts';
import { fees } from '../src/locales/fees.ts';
import { operator } from '../src/locales/operator.ts';
import { useBrowser, useGerbang } from './browser.ts';

const F = fees.id.fees;
const O = operator.id.outcomes;
const REFERENCE = 'SIMPONI-E2E-000123';

const g = useGerbang(async (db, world) => {
  await classifyInstitution({ db, now: new Date() }, SERVER_ACTOR, {
    institutionId: world.other.institution.id,
    feeClass: 'profit_oriented',
  });
  await insertAccount(db, {
    username: 'pusat.keuangan',
    password: PASSWORD,
    role: 'finance_officer',
    fullName: 'Petugas Keuangan',
  });
  await insertAccount(db, {
    username: 'bank.kepala',
    password: PASSWORD,
    role: 'institution_head',
    fullName: 'Kepala Bank Sintetis',
    institutionId: world.other.institution.id,
  });
  const residents = [];
  for (const fullName of ['ANI SINTETIS', 'BUDI SINTETIS', 'CITRA SINTETIS'])
    residents.push(await addResident(db, { fullName }));
  return { residents };
});
const b = useBrowser('fees');

describe('deposit → use → statement', () => {
  it('the finance officer records a deposit for the bank', async () => {
    const page = b.page;
    await b.signIn(g, 'pusat.keuangan');
    await b.menu(common.id.nav.fees);
    await page.getByTestId('fee-institution').selectOption(g.world.other.institution.id);
    await page.getByLabel(F.amount).fill('2000');
    await page.getByLabel(F.reference).fill(REFERENCE);
    await page.getByRole('button', { name: F.recordDeposit }).click();
    await page.getByText(F.depositSaved.replace('{{reference}}', REFERENCE)).waitFor();
    await expect.poll(() => page.getByTestId('balance-value').textContent()).toBe('Rp2.000');
    await b.shot('deposit', { phone: true });
  });

  it('the bank’s look-ups draw Rp1,000 each until the balance is empty, then are refused', async () => {
    await b.signIn(g, g.world.other.operator.username);
    const [first, second, third] = g.seeded.residents;
    expect(await (await b.lookUp(first!.nik)).getAttribute('data-outcome')).toBe('FOUND');
    expect(await (await b.lookUp(second!.nik)).getAttribute('data-outcome')).toBe('FOUND');
    b.allowHttpError('/v1/lookups', 402);
    const refused = await b.lookUp(third!.nik);
    expect(await refused.getAttribute('data-outcome')).toBe('BALANCE_EXHAUSTED');
    expect(await refused.textContent()).toContain(O.BALANCE_EXHAUSTED);
    // Nothing of the refused person is shown.
    expect(await b.page.locator('main').textContent()).not.toContain('CITRA SINTETIS');
    await b.shot('refused', { phone: true });
  });

  it('the statement reconciles the deposit, the two charges and the empty closing balance', async () => {
    const page = b.page;
    await b.signIn(g, 'bank.kepala');
    await b.menu(common.id.nav.fees);
    await expect.poll(() => page.getByTestId('balance-value').textContent()).toBe('Rp0');
    const statement = page.getByTestId('statement');
    await statement.waitFor();
    const text = (await statement.textContent())!;
    expect(text).toContain(`${F.deposits}Rp2.000`);
    expect(text).toContain(`2 ${F.accesses.toLowerCase()}`);
    expect(await page.getByTestId('statement-closing').textContent()).toBe('Rp0');
    expect(await page.locator('main').textContent()).toContain(REFERENCE);
    await b.shot('statement', { phone: true });

    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: F.pdf }).click();
    const pdf = await pdfText(readFileSync((await (await downloaded).path())!));
    expect(pdf).toContain(REFERENCE);
    expect(pdf).toContain('Bank Sintetis');
  });
});
