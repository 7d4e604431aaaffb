/** A chosen file as the API's upload object (base64 in JSON, as the documents module takes it). */
export async function fileToUpload(
  file: File,
): Promise<{ filename: string; contentType: string; base64: string }> {
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
