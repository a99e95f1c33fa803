/**
 * A multipart/form-data body for `POST /attachments`, streamed in chunks so upload progress can
 * be counted as fetch pulls it, and so no second copy of the file is built in memory.
 */
const CHUNK = 64 * 1024;

export interface MultipartFile {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

export interface MultipartBody {
  stream: ReadableStream<Uint8Array>;
  contentType: string;
  totalBytes: number;
}

const quote = (value: string): string => value.replace(/["\\\r\n]/g, '_');

export function receiptMultipart(
  fields: Record<string, string>,
  file: MultipartFile & { field: string },
  onSent: (sentBytes: number, totalBytes: number) => void = () => {},
): MultipartBody {
  const boundary = `----courier${crypto.randomUUID().replace(/-/g, '')}`;
  const encoder = new TextEncoder();
  let head = '';
  for (const [name, value] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.fileName)}"\r\nContent-Type: ${file.mime}\r\n\r\n`;
  const pieces = [encoder.encode(head), file.bytes, encoder.encode(`\r\n--${boundary}--\r\n`)];
  const totalBytes = pieces.reduce((n, p) => n + p.byteLength, 0);
  let piece = 0;
  let offset = 0;
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      while (piece < pieces.length && offset >= pieces[piece]!.byteLength) {
        piece++;
        offset = 0;
      }
      if (piece >= pieces.length) {
        controller.close();
        return;
      }
      const current = pieces[piece]!;
      const chunk = current.subarray(offset, Math.min(current.byteLength, offset + CHUNK));
      offset += chunk.byteLength;
      sent += chunk.byteLength;
      controller.enqueue(chunk);
      onSent(sent, totalBytes);
    },
  });
  return { stream, contentType: `multipart/form-data; boundary=${boundary}`, totalBytes };
}
