import type { Db } from '../../db/db.ts';
import { wibDay } from '../../lib/time.ts';
import {
  insertProvision,
  openProvisionsOf,
  syncAllowedNetworks,
  updateProvision,
  type ProvisionOrigin,
} from './network-provisions.repo.ts';

/**
 * The two older ways of setting an institution's allowed networks — the institution's own settings (create or
 * PATCH `allowedNetworks`) and an agreement's terms at activation — write through the provisioning record, so
 * the record stays the one source of the access path's allowed networks (032). Each keeps one record of its
 * origin per institution (per agreement for terms): replaced in place, withdrawn when emptied.
 */
async function setOriginNetworks(
  tx: Db,
  p: {
    institutionId: string;
    agreementId: string | null;
    origins: ProvisionOrigin[];
    origin: ProvisionOrigin;
    networks: string[];
    bandwidthMbps?: number | null;
    provider: string;
    note: string;
    by: string | null;
    now: Date;
  },
): Promise<string[]> {
  const open = await openProvisionsOf(tx, p.institutionId, p.origins, p.agreementId);
  const [keep, ...rest] = open;
  for (const r of rest) await updateProvision(tx, r.id, { status: 'withdrawn', now: p.now });
  if (p.networks.length === 0) {
    if (keep) await updateProvision(tx, keep.id, { status: 'withdrawn', now: p.now });
  } else if (keep) {
    await updateProvision(tx, keep.id, {
      networks: p.networks,
      status: 'connected',
      connectedOn: keep.connectedOn ?? wibDay(p.now),
      ...(p.bandwidthMbps !== undefined ? { bandwidthMbps: p.bandwidthMbps } : {}),
      now: p.now,
    });
  } else {
    await insertProvision(tx, {
      institutionId: p.institutionId,
      agreementId: p.agreementId,
      networks: p.networks,
      provider: p.provider,
      bandwidthMbps: p.bandwidthMbps ?? null,
      expectedOn: null,
      connectedOn: wibDay(p.now),
      status: 'connected',
      topologyDocumentId: null,
      requestLetterDocumentId: null,
      note: p.note,
      origin: p.origin,
      createdBy: p.by,
      now: p.now,
    });
  }
  return syncAllowedNetworks(tx, p.institutionId);
}

/** The institution's settings (create, PATCH `allowedNetworks`): replaces what the settings (or 032) recorded. */
export function setSettingsNetworks(
  tx: Db,
  institutionId: string,
  networks: string[],
  by: string | null,
  now: Date,
): Promise<string[]> {
  return setOriginNetworks(tx, {
    institutionId,
    agreementId: null,
    origins: ['institution_settings', 'migration'],
    origin: 'institution_settings',
    networks,
    provider: 'Tidak tercatat',
    note: 'Dicatat dari pengaturan instansi (jaringan yang diizinkan)',
    by,
    now,
  });
}

/**
 * An agreement's terms at activation: its networks replace what the settings (or 032) recorded, as the terms
 * replaced the institution's networks before 032; records an officer made stay as they are.
 */
export async function setTermsNetworks(
  tx: Db,
  p: { institutionId: string; agreementId: string; networks: string[]; bandwidthMbps: number | null },
  by: string | null,
  now: Date,
): Promise<string[]> {
  for (const r of await openProvisionsOf(tx, p.institutionId, ['institution_settings', 'migration']))
    await updateProvision(tx, r.id, { status: 'withdrawn', now });
  return setOriginNetworks(tx, {
    institutionId: p.institutionId,
    agreementId: p.agreementId,
    origins: ['agreement_terms'],
    origin: 'agreement_terms',
    networks: p.networks,
    bandwidthMbps: p.bandwidthMbps,
    provider: 'Sesuai Juknis PKS',
    note: 'Dicatat dari ketentuan teknis PKS saat diaktifkan',
    by,
    now,
  });
}
