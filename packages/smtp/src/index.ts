export {
  createSmtpMailer,
  type SmtpAuth,
  type SmtpMailer,
  type SmtpMailerOptions,
  type SmtpPoolOptions,
} from './smtp-mailer.js';
