import { ApiFailure, valuesOf, type RequestBody } from '../../api.ts';

/** The API's upload object (base64 in JSON, as the documents module takes it). */
export type Upload = RequestBody<'/v1/institutions/{id}/responsibility-statement'>['document'];
type UploadType = Upload['contentType'];

/** The content types the API takes for an upload (the type check fails when the document names another). */
const UPLOAD_TYPES = valuesOf<UploadType>({ 'application/pdf': true, 'image/png': true, 'image/jpeg': true });

/** The file picker's `accept` for an upload: the same types, so the picker offers what the API takes. */
export const UPLOAD_ACCEPT = UPLOAD_TYPES.join(',');

function isUploadType(type: string): type is UploadType {
  return (UPLOAD_TYPES as readonly string[]).includes(type);
}

/** A chosen file as the API's upload object. */
export async function fileToUpload(file: File): Promise<Upload> {
  // The file picker offers the accepted types; another is refused here as the server would refuse it.
  if (!isUploadType(file.type))
    throw new ApiFailure(
      400,
      'VALIDATION_FAILED',
      `The file is not a PDF, PNG or JPEG document (${file.type})`,
    );
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return {
    filename: file.name.replace(/[^\w .()-]/g, '_').slice(0, 120) || 'dokumen',
    contentType: file.type,
    base64: btoa(binary),
  };
}
