import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field } from '../../components/ui.tsx';
import { useAction, useElements } from './lifecycle.shared.tsx';
import type { Agreement, Application } from './lifecycle.types.ts';
import { termsBody, TermsFields, termsFieldNames, termsStateOf } from './TermsFields.tsx';

/** Drafts the agreement (PKS) of an approved application: both numbers and the technical terms. */
export function AgreementDraftForm({ application: a }: { application: Application }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const elements = useElements();
  const [registryNumber, setRegistryNumber] = useState('');
  const [institutionNumber, setInstitutionNumber] = useState('');
  const [terms, setTerms] = useState(() => termsStateOf({ ...a, contactPersons: [] }));
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    let created: Agreement | undefined;
    const done = await action.run(async () => {
      created = await ok(
        client.POST('/v1/applications/{id}/agreement', {
          params: { path: { id: a.id } },
          body: { registryNumber, institutionNumber, terms: termsBody(terms) },
        }),
      );
    });
    if (done && created) void navigate(`/officer/agreements/${created.id}`);
  }
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="draft-title">
      <h2 id="draft-title">{t('applications.draftTitle')}</h2>
      <p className="muted">{t('applications.draftHint')}</p>
      <div className="grid">
        <Field id="draft-registry" label={t('agreements.registryNumber')}>
          <input
            id="draft-registry"
            required
            maxLength={100}
            value={registryNumber}
            onChange={(e) => setRegistryNumber(e.target.value)}
          />
        </Field>
        <Field id="draft-institution" label={t('agreements.institutionNumber')}>
          <input
            id="draft-institution"
            required
            maxLength={100}
            value={institutionNumber}
            onChange={(e) => setInstitutionNumber(e.target.value)}
          />
        </Field>
      </div>
      <TermsFields
        idPrefix="draft"
        value={terms}
        onChange={setTerms}
        elementChoices={a.elements}
        methodChoices={a.methods}
        elements={elements}
      />
      <ErrorNotice
        error={action.error}
        fields={{
          '/registryNumber': t('agreements.registryNumber'),
          '/institutionNumber': t('agreements.institutionNumber'),
          ...termsFieldNames(t),
        }}
      />
      <button
        type="submit"
        disabled={
          action.busy || !registryNumber.trim() || !institutionNumber.trim() || terms.elements.length === 0
        }
      >
        {action.busy ? t('officerCommon.busy') : t('applications.createAgreement')}
      </button>
    </form>
  );
}
