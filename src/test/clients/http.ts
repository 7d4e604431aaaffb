import { request } from 'node:http';

/**
 * One POST over real HTTP on loopback with exactly the headers a client sends — node:http rather than fetch,
 * because fetch normalises headers (several values, a malformed Content-Type) that public clients send as is.
 */
export function post(
  url: string,
  body: string,
  headers: Record<string, string | string[]>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What a harness is given: where Gerbang listens and the credentials the client is configured with. */
export interface ClientSetup {
  /** e.g. http://127.0.0.1:PORT */
  base: string;
  customerId: string;
  userId: string;
  password: string;
  ipUser: string;
}

/** The person a client asks about, as the client holds the data. */
export interface Subject {
  nik: string;
  name?: string;
  address?: string;
  /** YYYY-MM-DD; each client formats it its own way. */
  birthDate?: string;
  sex?: string;
}
