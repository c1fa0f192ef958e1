// `SmtpTlsOptions` is spelled out so the smtp declarations need no @types/node; a consumer that
// has Node's own `tls.ConnectionOptions` (or `checkServerIdentity`) must still be able to pass it.
import { type ConnectionOptions, checkServerIdentity } from 'node:tls';
import { createSmtpMailer, type SmtpTlsOptions } from '@apexproof/smtp';

declare const nodeOptions: ConnectionOptions;
const fromNode: SmtpTlsOptions = nodeOptions;
const literal: SmtpTlsOptions = { ca: '', rejectUnauthorized: true, checkServerIdentity };
export const mailer = () =>
  createSmtpMailer({ host: 'localhost', from: 'a@example.com', tls: fromNode ?? literal });
