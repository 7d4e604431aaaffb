import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliPath } from './local-admin.ts';
import {
  CARD_READ_PATH,
  demoSamKeyPair,
  newSamKeyPair,
  signCardRead,
  type CardReadFields,
} from '../modules/card-readers/card-reads.signing.ts';

/** The body a reader sends: the fields, a fresh timestamp and nonce unless given, the SAM's signature. */
export function signedCardRead(
  privateKeyPem: string,
  f: Omit<CardReadFields, 'timestamp' | 'nonce'> & { timestamp?: string; nonce?: string },
): CardReadFields & { signature: string } {
  const fields: CardReadFields = {
    readerSerial: f.readerSerial,
    samId: f.samId,
    nik: f.nik,
    timestamp: f.timestamp ?? new Date().toISOString(),
    nonce: f.nonce ?? randomBytes(18).toString('base64url'),
  };
  return { ...fields, signature: signCardRead(privateKeyPem, fields) };
}

/**
 * `gerbang reader …`: a KTP-el card reader simulator for the demo and the tests. `keygen` makes a SAM key pair
 * (the private key file stays with the "SAM"; the public key goes to personalisation); `simulate` signs a read
 * of a NIK with the SAM's key and sends it to `POST /v1/card-reads` as an operator.
 */
export function register(program: Command): void {
  const reader = program
    .command('reader')
    .description('KTP-el card reader simulator (SAM key, signed reads)');
  reader
    .command('keygen')
    .description('Make a SAM Ed25519 key pair: writes the private key (PKCS#8 PEM), prints the public key')
    .requiredOption('--out <file>', 'where to write the private key (refused if it exists)')
    .action((o: { out: string }) => {
      const out = cliPath(o.out);
      if (existsSync(out)) {
        console.error(`${o.out} exists; refusing to overwrite a key`);
        process.exitCode = 1;
        return;
      }
      const pair = newSamKeyPair();
      writeFileSync(out, pair.privateKeyPem, { mode: 0o600 });
      console.log(pair.publicKey);
    });
  reader
    .command('simulate')
    .description('Read a "card": sign the NIK with the SAM key and look it up through POST /v1/card-reads')
    .requiredOption('--url <url>', 'Gerbang’s base URL, e.g. http://127.0.0.1:3000')
    .requiredOption('--user <userId>', 'the operator’s user ID')
    .option('--password <password>', 'the operator’s password (default: $GERBANG_PASSWORD)')
    .option('--key <file>', 'the SAM’s private key (PKCS#8 PEM)')
    .option('--demo-key', 'sign with the demo SAM’s published key (the demo’s reader)')
    .requiredOption('--sam <samId>', 'the SAM’s ID')
    .requiredOption('--serial <serial>', 'the reader’s serial')
    .requiredOption('--nik <nik>', 'the NIK "read from the card"')
    .option('--nonce <nonce>', 'a fixed nonce (default: random), e.g. to show a replay being refused')
    .option('--timestamp <iso>', 'a fixed timestamp (default: now), e.g. to show a stale read being refused')
    .action(
      async (o: {
        url: string;
        user: string;
        password?: string;
        key?: string;
        demoKey?: boolean;
        sam: string;
        serial: string;
        nik: string;
        nonce?: string;
        timestamp?: string;
      }) => {
        const password = o.password ?? process.env.GERBANG_PASSWORD;
        if (!o.key && !o.demoKey) throw new Error('Give --key <file> or --demo-key');
        const pem = o.key ? readFileSync(cliPath(o.key), 'utf8') : demoSamKeyPair().privateKeyPem;
        if (!password) throw new Error('Give --password or set GERBANG_PASSWORD');
        const base = o.url.replace(/\/+$/, '');
        const signIn = await fetch(`${base}/v1/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: o.user, password }),
        });
        const token = (await signIn.json()) as { token?: string };
        if (!signIn.ok || !token.token) {
          console.log(JSON.stringify({ status: signIn.status, body: token }, null, 2));
          process.exitCode = 1;
          return;
        }
        const body = signedCardRead(pem, {
          readerSerial: o.serial,
          samId: o.sam,
          nik: o.nik,
          ...(o.nonce ? { nonce: o.nonce } : {}),
          ...(o.timestamp ? { timestamp: o.timestamp } : {}),
        });
        const res = await fetch(`${base}${CARD_READ_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token.token}` },
          body: JSON.stringify(body),
        });
        console.log(JSON.stringify({ status: res.status, body: await res.json() }, null, 2));
        if (!res.ok) process.exitCode = 1;
      },
    );
}
