import { z } from 'zod';
import { ApiError } from '../../core/errors.ts';
import { DOCUMENT_TYPES, type DocumentType } from './documents.repo.ts';

/** Uploads arrive as base64 in JSON (no multipart parser needed); at most 2 MiB once decoded. */
export const UPLOAD_MAX_BYTES = 2 * 1024 * 1024;
/** The body limit of a route taking one upload (base64 grows 4/3, plus the other fields). */
export const UPLOAD_BODY_LIMIT = Math.ceil((UPLOAD_MAX_BYTES * 4) / 3) + 64 * 1024;

export const uploadInput = z.object({
  filename: z
    .string()
    .trim()
    .regex(/^[\w .()-]{1,120}$/, 'A plain file name'),
  contentType: z.enum(DOCUMENT_TYPES as [DocumentType, ...DocumentType[]]),
  base64: z.string().min(4).max(UPLOAD_BODY_LIMIT).describe('The file, base64-encoded'),
});
export type UploadInput = z.infer<typeof uploadInput>;

const MAGIC: Record<DocumentType, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

/** Decodes an upload and checks that it is what it claims to be (its first bytes) and small enough. */
export function decodeUpload(u: UploadInput): Uint8Array {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(u.base64)) throw ApiError.of('FILE_NOT_BASE64');
  const bytes = Buffer.from(u.base64, 'base64');
  if (bytes.byteLength === 0 || bytes.byteLength > UPLOAD_MAX_BYTES) {
    throw ApiError.of('PAYLOAD_TOO_LARGE', `A document may hold at most ${UPLOAD_MAX_BYTES} bytes`);
  }
  const magic = MAGIC[u.contentType];
  if (!magic.every((b, i) => bytes[i] === b)) {
    throw ApiError.of('FILE_NOT_OF_TYPE', `The file is not a ${u.contentType} document`);
  }
  return new Uint8Array(bytes);
}
