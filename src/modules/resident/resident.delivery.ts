import type { Config } from '../../config.ts';
import type { Clock } from '../../lib/time.ts';
import { createMailer, type Mailer } from '../compliance/notifications.mail.ts';

/** Where the registry reaches a resident: its synthetic e-mail address and/or phone number. */
export interface ResidentContact {
  email: string | null;
  phone: string | null;
}

/** Sends a one-time sign-in code to a resident's contact. The message never names the NIK. */
export interface CodeSender {
  send(contact: ResidentContact, code: string): Promise<void>;
}

/** An SMS gateway (none is connected yet): the interface a provider's client implements. */
export interface SmsGateway {
  sendSms(phone: string, text: string): Promise<void>;
}

export const codeText = (code: string) =>
  `Kode masuk "Cek akses data saya": ${code}. Berlaku 10 menit. Jangan berikan kode ini kepada siapa pun, ` +
  'termasuk petugas.';

/** E-mail through the existing SMTP channel (SMTP_URL, MAIL_FROM); SMS through a gateway when one is given. */
export class MailCodeSender implements CodeSender {
  constructor(
    private readonly mailer: Mailer,
    private readonly sms: SmsGateway | null = null,
  ) {}
  async send(contact: ResidentContact, code: string): Promise<void> {
    if (contact.email) {
      await this.mailer.send({ to: contact.email, subject: 'Kode masuk Gerbang', text: codeText(code) });
    } else if (contact.phone && this.sms) {
      await this.sms.sendSms(contact.phone, codeText(code));
    }
  }
}

/**
 * The development sink: keeps the codes it was given in memory (newest first, at most 50) instead of sending
 * them, so the demo and the tests can show them (`GET /v1/resident/dev/outbox`, answered only by this sink).
 */
export class DevCodeSink implements CodeSender {
  readonly sent: { to: string; code: string; at: string }[] = [];
  constructor(private readonly clock: Clock) {}
  async send(contact: ResidentContact, code: string): Promise<void> {
    this.sent.unshift({ to: contact.email ?? contact.phone ?? '', code, at: this.clock().toISOString() });
    this.sent.length = Math.min(this.sent.length, 50);
  }
}

/** SMTP when configured, else the development sink (never in production: no code would reach anyone). */
export async function codeSenderFor(config: Config, clock: Clock): Promise<CodeSender> {
  const mailer = await createMailer(config);
  return mailer ? new MailCodeSender(mailer) : new DevCodeSink(clock);
}

/** The synthetic e-mail address of a resident (the reserved .example domain: nobody's real address). */
export function syntheticEmail(nik: string): string {
  return `warga.${nik.slice(-6)}.${nik.slice(6, 12)}@warga.example`;
}
