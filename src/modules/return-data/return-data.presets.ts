import type { ReturnDataSchemaInput } from './return-data.schema.ts';

/**
 * The four seed cases an officer picks and then edits: the return data named by the Jawa Barat Kesbangpol
 * PKS (ORMAS members), the BPBD Banjarnegara PKS (disaster victims), the Karanganyar Baperlitbang PKS (poverty)
 * and the Kab. Bandung Juknis example (Dinsos: PKH / PBI recipients).
 */
export const PRESETS = {
  kesbangpol_ormas: {
    title: 'Kesbangpol — anggota ORMAS',
    schema: {
      period: 'semester',
      coverageShare: 0.8,
      fields: [
        {
          key: 'NOMOR_ANGGOTA_ORMAS',
          label: 'Nomor anggota ORMAS',
          type: 'text',
          required: true,
          maxLength: 40,
        },
        { key: 'NAMA_ORMAS', label: 'Nama ORMAS', type: 'text', required: true, maxLength: 150 },
        {
          key: 'KETERANGAN_BANTUAN',
          label: 'Keterangan bantuan yang diterima',
          type: 'text',
          required: false,
          maxLength: 500,
        },
      ],
    },
  },
  bpbd_bencana: {
    title: 'BPBD — korban bencana',
    schema: {
      period: 'within_days',
      periodDays: 30,
      coverageShare: 0.9,
      fields: [
        {
          key: 'JENIS_BENCANA',
          label: 'Jenis bencana',
          type: 'code',
          required: true,
          values: [
            'BANJIR',
            'TANAH_LONGSOR',
            'GEMPA_BUMI',
            'ERUPSI_GUNUNG_API',
            'KEBAKARAN',
            'ANGIN_PUTING_BELIUNG',
            'KEKERINGAN',
            'LAINNYA',
          ],
        },
        { key: 'TANGGAL_KEJADIAN', label: 'Tanggal kejadian', type: 'date', required: true },
        {
          key: 'STATUS_KORBAN',
          label: 'Status korban',
          type: 'code',
          required: true,
          values: ['MENINGGAL', 'HILANG', 'LUKA_BERAT', 'LUKA_RINGAN', 'MENGUNGSI', 'TERDAMPAK'],
        },
        {
          key: 'KETERANGAN_KORBAN_BENCANA',
          label: 'Keterangan korban bencana',
          type: 'text',
          required: false,
          maxLength: 500,
        },
      ],
    },
  },
  baperlitbang_kemiskinan: {
    title: 'Baperlitbang — data kemiskinan',
    schema: {
      period: 'semester',
      coverageShare: 0.8,
      fields: [
        {
          key: 'DESIL_KESEJAHTERAAN',
          label: 'Desil kesejahteraan',
          type: 'integer',
          required: true,
          min: 1,
          max: 10,
        },
        {
          key: 'PENGHASILAN_BULANAN',
          label: 'Penghasilan per bulan (rupiah)',
          type: 'decimal',
          required: false,
          min: 0,
          max: 1_000_000_000,
        },
        {
          key: 'JUMLAH_ANGGOTA_KELUARGA',
          label: 'Jumlah anggota keluarga',
          type: 'integer',
          required: true,
          min: 1,
          max: 30,
        },
        { key: 'PENERIMA_BANTUAN', label: 'Penerima bantuan sosial', type: 'boolean', required: true },
      ],
    },
  },
  dinsos_pkh_pbi: {
    title: 'Dinsos — penerima PKH / PBI',
    schema: {
      period: 'monthly',
      coverageShare: 1,
      fields: [
        {
          key: 'ID_PENERIMA_BANTUAN',
          label: 'ID penerima bantuan',
          type: 'text',
          required: true,
          maxLength: 32,
        },
        {
          key: 'JENIS_BANTUAN',
          label: 'Jenis bantuan',
          type: 'code',
          required: true,
          values: ['PKH', 'PBI', 'BPNT'],
        },
        { key: 'NO_KK', label: 'Nomor Kartu Keluarga', type: 'id16', required: false },
        { key: 'TANGGAL_PENETAPAN', label: 'Tanggal penetapan', type: 'date', required: false },
      ],
    },
  },
} as const satisfies Record<string, { title: string; schema: Omit<ReturnDataSchemaInput, 'reason'> }>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as [PresetName, ...PresetName[]];
