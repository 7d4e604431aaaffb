import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';

/** A SAM as the API lists it (GET /v1/sams). */
export type Sam = Answer<'/v1/sams'>['items'][number];

/** A small form that posts, shows errors in the user's words and says when it is done. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const run = async (f: () => Promise<unknown>, after: () => void) => {
    setBusy(true);
    setFailure(null);
    try {
      await f();
      after();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, run };
}

/** A SAM SIFILMA refused: never personalised, so there is no configuration to return; the reader asks anew. */
const samRejected = (sam: Sam) => sam.state === 'deactivated' && sam.sifilmaStatus === 'rejected';

export function SamState({ sam }: { sam: Sam }) {
  const { t } = useTranslation();
  return (
    <span className="badge" data-status={sam.state} data-testid="sam-state">
      {t(`readers.state_${sam.state}`)}
      {(sam.state === 'requested' || samRejected(sam)) && ` · ${t(`readers.sifilma_${sam.sifilmaStatus}`)}`}
    </span>
  );
}

/** The SAM's trail (GET /v1/sams/:id), opened on demand. */
export function SamTrail({ samId }: { samId: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const trail = useLoad(
    () =>
      open ? ok(client.GET('/v1/sams/{id}', { params: { path: { id: samId } } })) : Promise.resolve(null),
    [open, samId],
  );
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t('readers.trail')}</summary>
      <ErrorNotice error={trail.error} />
      <ol className="small" data-testid="sam-trail">
        {(trail.data?.events ?? []).map((e) => (
          <li key={e.id}>
            {formatDateTime(e.at, i18n.language)}:{' '}
            {t(`readers.state_${e.toState}`, { defaultValue: e.toState })}
            {e.note && ` — ${e.note}`}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The institution's work units, readers and SAMs; its card-reader findings and return tasks. */
export function CardReaders() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const id = me.institutionId!;
  const units = useLoad(
    () =>
      ok(client.GET('/v1/institutions/{id}/work-units', { params: { path: { id } } })).then((r) => r.items),
    [id],
  );
  const sams = useLoad(
    () => ok(client.GET('/v1/sams', { params: { query: { institutionId: id } } })).then((r) => r.items),
    [id],
  );
  const tasks = useLoad(
    () =>
      ok(client.GET('/v1/institutions/{id}/sam-return-tasks', { params: { path: { id } } })).then(
        (r) => r.items,
      ),
    [id],
  );
  const findings = useLoad(
    () =>
      ok(client.GET('/v1/institutions/{id}/compliance', { params: { path: { id } } })).then((r) =>
        r.findings.filter((f) => f.obligation === 'card_reader' || f.obligation === 'sam_config_return'),
      ),
    [id],
  );
  const reload = () => {
    units.reload();
    sams.reload();
    tasks.reload();
    findings.reload();
  };
  const samOf = (readerId: string) =>
    (sams.data ?? [])
      .filter((s) => s.readerId === readerId)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];

  return (
    <Page title={t('readers.title')}>
      <p className="muted">{t('readers.intro')}</p>
      <section className="panel" aria-labelledby="reader-findings">
        <h2 id="reader-findings">{t('readers.findings')}</h2>
        <ErrorNotice error={findings.error} />
        {findings.data && findings.data.length === 0 && <p>{t('readers.noFindings')}</p>}
        <ul className="findings" data-testid="reader-findings">
          {(findings.data ?? []).map((f) => (
            <li key={f.message} data-severity={f.severity}>
              {f.message}
            </li>
          ))}
        </ul>
      </section>
      {tasks.data && tasks.data.length > 0 && (
        <section className="panel" aria-labelledby="return-tasks">
          <h2 id="return-tasks">{t('readers.returnTasks')}</h2>
          <ul data-testid="return-tasks">
            {tasks.data.map((task) => (
              <li key={task.id}>
                {t('readers.due')}: {formatDate(task.dueOn, i18n.language)} ·{' '}
                {task.closedAt ? t('readers.closed') : t('readers.open')} · {task.samIds.length} SAM
              </li>
            ))}
          </ul>
        </section>
      )}
      <AddUnit institutionId={id} onDone={reload} />
      <ErrorNotice error={units.error ?? sams.error} />
      {units.loading && !units.data && <Loading />}
      {units.data && units.data.length === 0 && <p>{t('readers.noUnits')}</p>}
      {(units.data ?? []).map((u) => (
        <section key={u.id} className="panel" data-testid="work-unit">
          <h2>{u.name}</h2>
          <p className="small muted">
            {u.address} · {u.regionCode}
          </p>
          {u.readers.length === 0 && <Notice kind="warn">{t('readers.noReader')}</Notice>}
          {u.readers.map((r) => {
            const sam = samOf(r.id);
            return (
              <div key={r.id} className="reader" data-testid="reader" data-serial={r.serial}>
                <strong>{r.serial}</strong> · {r.vendor} {r.model} · {formatDate(r.procuredOn, i18n.language)}
                <div>
                  {t('readers.sam')}: {sam ? <SamState sam={sam} /> : t('readers.noSam')}
                </div>
                {sam && <SamTrail samId={sam.id} />}
                {(!sam || sam.state === 'config_confirmed' || samRejected(sam)) && (
                  <RequestSam readerId={r.id} onDone={reload} />
                )}
                {sam?.state === 'deactivated' && !samRejected(sam) && (
                  <UploadConfig samId={sam.id} onDone={reload} />
                )}
              </div>
            );
          })}
          <AddReader unitId={u.id} onDone={reload} />
        </section>
      ))}
    </Page>
  );
}

function Form({
  title,
  onSubmit,
  busy,
  failure,
  fields,
  children,
  done,
}: {
  title: string;
  onSubmit: () => void;
  busy: boolean;
  failure: unknown;
  fields?: Record<string, string>;
  children: ReactNode;
  done?: string | null;
}) {
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <ErrorNotice error={failure} fields={fields ?? {}} />
      {done && <Notice kind="ok">{done}</Notice>}
      <button type="submit" disabled={busy}>
        {title}
      </button>
    </form>
  );
}

function AddUnit({ institutionId, onDone }: { institutionId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ name: '', address: '', regionCode: '' });
  const [done, setDone] = useState(false);
  const a = useAction();
  return (
    <section className="panel" aria-labelledby="add-unit">
      <h2 id="add-unit">{t('readers.addUnit')}</h2>
      <Form
        title={t('readers.addUnit')}
        busy={a.busy}
        failure={a.failure}
        done={done ? t('readers.unitAdded') : null}
        fields={{
          '/name': t('readers.unitName'),
          '/address': t('readers.address'),
          '/regionCode': t('readers.regionCode'),
        }}
        onSubmit={() =>
          void a.run(
            () =>
              ok(
                client.POST('/v1/institutions/{id}/work-units', {
                  params: { path: { id: institutionId } },
                  body: v,
                }),
              ),
            () => {
              setDone(true);
              setV({ name: '', address: '', regionCode: '' });
              onDone();
            },
          )
        }
      >
        {(['name', 'address', 'regionCode'] as const).map((k) => (
          <Field key={k} id={`unit-${k}`} label={t(k === 'name' ? 'readers.unitName' : `readers.${k}`)}>
            <input
              id={`unit-${k}`}
              value={v[k]}
              onChange={(e) => setV((x) => ({ ...x, [k]: e.target.value }))}
            />
          </Field>
        ))}
      </Form>
    </section>
  );
}

function AddReader({ unitId, onDone }: { unitId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ serial: '', vendor: '', model: '', procuredOn: '' });
  const a = useAction();
  return (
    <details>
      <summary>{t('readers.addReader')}</summary>
      <Form
        title={t('readers.addReader')}
        busy={a.busy}
        failure={a.failure}
        fields={{
          '/serial': t('readers.serial'),
          '/vendor': t('readers.vendor'),
          '/model': t('readers.model'),
          '/procuredOn': t('readers.procuredOn'),
        }}
        onSubmit={() =>
          void a.run(
            () =>
              ok(
                client.POST('/v1/work-units/{id}/card-readers', {
                  params: { path: { id: unitId } },
                  body: v,
                }),
              ),
            () => {
              setV({ serial: '', vendor: '', model: '', procuredOn: '' });
              onDone();
            },
          )
        }
      >
        {(['serial', 'vendor', 'model', 'procuredOn'] as const).map((k) => (
          <Field key={k} id={`reader-${unitId}-${k}`} label={t(`readers.${k}`)}>
            <input
              id={`reader-${unitId}-${k}`}
              type={k === 'procuredOn' ? 'date' : 'text'}
              value={v[k]}
              onChange={(e) => setV((x) => ({ ...x, [k]: e.target.value }))}
            />
          </Field>
        ))}
      </Form>
    </details>
  );
}

function RequestSam({ readerId, onDone }: { readerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const a = useAction();
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={a.busy}
        onClick={() =>
          void a.run(
            () => ok(client.POST('/v1/card-readers/{id}/sams', { params: { path: { id: readerId } } })),
            onDone,
          )
        }
      >
        {t('readers.requestSam')}
      </button>
      <ErrorNotice error={a.failure} />
    </>
  );
}

function UploadConfig({ samId, onDone }: { samId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const a = useAction();
  const send = async () => {
    if (!file) throw new Error(t('readers.configFile'));
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    await ok(
      client.POST('/v1/sams/{id}/configuration', {
        params: { path: { id: samId } },
        body: {
          filename: file.name.replace(/[^\w .()-]/g, '_').slice(0, 120) || 'sam.cfg',
          base64: btoa(binary),
        },
      }),
    );
  };
  return (
    <Form
      title={t('readers.uploadConfig')}
      busy={a.busy}
      failure={a.failure}
      onSubmit={() => void a.run(send, onDone)}
    >
      <Field id={`config-${samId}`} label={t('readers.configFile')}>
        <input id={`config-${samId}`} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </Field>
    </Form>
  );
}
