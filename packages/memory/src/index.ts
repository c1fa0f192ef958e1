export * from './clock.js';
export * from './directory.js';
export * from './dns.js';
export * from './event-sink.js';
export * from './mailer.js';
export * from './storage.js';
