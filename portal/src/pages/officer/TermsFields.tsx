import { useTranslation } from 'react-i18next';
import { Field } from '../../components/ui.tsx';
import { labelOf, type ElementInfo } from '../../elements.ts';
import { lines, tokens } from './lifecycle.shared.tsx';
import type { RequestBody } from '../../api.ts';
import type { AgreementVersion, ContactPerson } from './lifecycle.types.ts';

/** The technical terms (Juknis) as a form holds them: text as typed, turned into the API's body on sending. */
export interface TermsState {
  elements: AgreementVersion['elements'];
  methods: AgreementVersion['methods'];
  returnData: string;
  allowedNetworks: string;
  bandwidthMbps: string;
  quotaPerAccount: string;
  cardReaders: string;
  contactPersons: ContactPerson[];
}

export function termsStateOf(
  v: Partial<AgreementVersion> & Pick<AgreementVersion, 'elements' | 'methods'>,
): TermsState {
  return {
    elements: v.elements,
    methods: v.methods,
    returnData: (v.returnData ?? []).join('\n'),
    allowedNetworks: (v.allowedNetworks ?? []).join('\n'),
    bandwidthMbps: v.bandwidthMbps == null ? '' : String(v.bandwidthMbps),
    quotaPerAccount: v.quotaPerAccount == null ? '' : String(v.quotaPerAccount),
    cardReaders: String(v.cardReaders ?? 0),
    contactPersons: v.contactPersons ?? [],
  };
}

const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** The terms as the API takes them (a draft's and an amendment's `terms`). */
export function termsBody(s: TermsState): RequestBody<'/v1/applications/{id}/agreement'>['terms'] {
  return {
    elements: s.elements,
    methods: s.methods,
    returnData: lines(s.returnData),
    allowedNetworks: tokens(s.allowedNetworks),
    bandwidthMbps: num(s.bandwidthMbps),
    quotaPerAccount: num(s.quotaPerAccount),
    cardReaders: num(s.cardReaders) ?? 0,
    contactPersons: s.contactPersons
      .filter((c) => c.name.trim() !== '')
      .map((c) => ({
        name: c.name.trim(),
        party: c.party,
        ...(c.position?.trim() ? { position: c.position.trim() } : {}),
        ...(c.phone?.trim() ? { phone: c.phone.trim() } : {}),
        ...(c.email?.trim() ? { email: c.email.trim() } : {}),
      })),
  };
}

/** Field names for ErrorNotice, by the API's paths under `prefix` (`/terms`). */
export function termsFieldNames(t: (k: string) => string, prefix = '/terms'): Record<string, string> {
  return {
    [`${prefix}/elements`]: t('officerCommon.elements'),
    [`${prefix}/methods`]: t('officerCommon.methods'),
    [`${prefix}/returnData`]: t('officerCommon.returnData'),
    [`${prefix}/allowedNetworks`]: t('officerCommon.networks'),
    [`${prefix}/bandwidthMbps`]: t('officerCommon.bandwidth'),
    [`${prefix}/quotaPerAccount`]: t('officerCommon.quotaPerAccount'),
    [`${prefix}/cardReaders`]: t('officerCommon.cardReaders'),
    [`${prefix}/contactPersons`]: t('officerCommon.contacts'),
  };
}

/**
 * The terms' fields. `elementChoices` and `methodChoices` are what may be ticked (the approval's, for a draft;
 * the master list, for an amendment by the central office).
 */
export function TermsFields({
  idPrefix,
  value,
  onChange,
  elementChoices,
  methodChoices,
  elements,
}: {
  idPrefix: string;
  value: TermsState;
  onChange: (v: TermsState) => void;
  elementChoices: TermsState['elements'];
  methodChoices: TermsState['methods'];
  elements: ElementInfo[] | undefined;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof TermsState>(k: K, v: TermsState[K]) => onChange({ ...value, [k]: v });
  const toggle = <C extends string>(list: C[], code: C, on: boolean) =>
    on ? [...list, code] : list.filter((c) => c !== code);
  const contact = (i: number, patch: Partial<ContactPerson>) =>
    set(
      'contactPersons',
      value.contactPersons.map((c, j) => (j === i ? { ...c, ...patch } : c)),
    );
  return (
    <>
      <fieldset>
        <legend>{t('officerCommon.elements')}</legend>
        <div className="checks">
          {elementChoices.map((code) => (
            <label key={code}>
              <input
                type="checkbox"
                checked={value.elements.includes(code)}
                onChange={(e) => set('elements', toggle(value.elements, code, e.target.checked))}
              />{' '}
              {labelOf(elements, code)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('officerCommon.methods')}</legend>
        <div className="checks">
          {methodChoices.map((m) => (
            <label key={m}>
              <input
                type="checkbox"
                checked={value.methods.includes(m)}
                onChange={(e) => set('methods', toggle(value.methods, m, e.target.checked))}
              />{' '}
              {t(`officerCommon.method.${m}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid">
        <Field
          id={`${idPrefix}-networks`}
          label={t('officerCommon.networks')}
          hint={t('officerCommon.networksHint')}
        >
          <textarea
            id={`${idPrefix}-networks`}
            aria-describedby={`${idPrefix}-networks-hint`}
            value={value.allowedNetworks}
            onChange={(e) => set('allowedNetworks', e.target.value)}
          />
        </Field>
        <Field
          id={`${idPrefix}-return`}
          label={t('officerCommon.returnData')}
          hint={t('officerCommon.oneALine')}
        >
          <textarea
            id={`${idPrefix}-return`}
            aria-describedby={`${idPrefix}-return-hint`}
            value={value.returnData}
            onChange={(e) => set('returnData', e.target.value)}
          />
        </Field>
        <Field
          id={`${idPrefix}-quota`}
          label={t('officerCommon.quotaPerAccount')}
          hint={t('officerCommon.quotaHint')}
        >
          <input
            id={`${idPrefix}-quota`}
            type="number"
            min={0}
            aria-describedby={`${idPrefix}-quota-hint`}
            value={value.quotaPerAccount}
            onChange={(e) => set('quotaPerAccount', e.target.value)}
          />
        </Field>
        <Field id={`${idPrefix}-bandwidth`} label={t('officerCommon.bandwidth')}>
          <input
            id={`${idPrefix}-bandwidth`}
            type="number"
            min={1}
            value={value.bandwidthMbps}
            onChange={(e) => set('bandwidthMbps', e.target.value)}
          />
        </Field>
        <Field id={`${idPrefix}-readers`} label={t('officerCommon.cardReaders')}>
          <input
            id={`${idPrefix}-readers`}
            type="number"
            min={0}
            value={value.cardReaders}
            onChange={(e) => set('cardReaders', e.target.value)}
          />
        </Field>
      </div>
      <fieldset>
        <legend>{t('officerCommon.contacts')}</legend>
        {value.contactPersons.map((c, i) => (
          <div className="contact" key={i}>
            <Field id={`${idPrefix}-c${i}-name`} label={t('officerCommon.contactName')}>
              <input
                id={`${idPrefix}-c${i}-name`}
                value={c.name}
                onChange={(e) => contact(i, { name: e.target.value })}
              />
            </Field>
            <Field id={`${idPrefix}-c${i}-party`} label={t('officerCommon.party')}>
              <select
                id={`${idPrefix}-c${i}-party`}
                value={c.party}
                onChange={(e) => contact(i, { party: e.target.value as ContactPerson['party'] })}
              >
                <option value="registry">{t('officerCommon.partyRegistry')}</option>
                <option value="institution">{t('officerCommon.partyInstitution')}</option>
              </select>
            </Field>
            <Field id={`${idPrefix}-c${i}-position`} label={t('officerCommon.position')}>
              <input
                id={`${idPrefix}-c${i}-position`}
                value={c.position ?? ''}
                onChange={(e) => contact(i, { position: e.target.value })}
              />
            </Field>
            <Field id={`${idPrefix}-c${i}-phone`} label={t('officerCommon.phone')}>
              <input
                id={`${idPrefix}-c${i}-phone`}
                type="tel"
                value={c.phone ?? ''}
                onChange={(e) => contact(i, { phone: e.target.value })}
              />
            </Field>
            <Field id={`${idPrefix}-c${i}-email`} label={t('officerCommon.email')}>
              <input
                id={`${idPrefix}-c${i}-email`}
                type="email"
                value={c.email ?? ''}
                onChange={(e) => contact(i, { email: e.target.value })}
              />
            </Field>
            <button
              type="button"
              className="secondary"
              aria-label={t('officerCommon.removeContactN', { n: i + 1 })}
              onClick={() =>
                set(
                  'contactPersons',
                  value.contactPersons.filter((_, j) => j !== i),
                )
              }
            >
              {t('officerCommon.remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => set('contactPersons', [...value.contactPersons, { name: '', party: 'registry' }])}
        >
          {t('officerCommon.addContact')}
        </button>
      </fieldset>
    </>
  );
}
