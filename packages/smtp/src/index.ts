export {
  createSmtpMailer,
  type Pem,
  type SmtpAuth,
  type SmtpMailer,
  type SmtpMailerOptions,
  type SmtpPoolOptions,
  type SmtpTlsOptions,
} from './smtp-mailer.js';
