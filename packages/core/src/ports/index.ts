export * from './clock.js';
export * from './directory.js';
export * from './dns.js';
export * from './mailer.js';
export * from './random.js';
export * from './records.js';
export * from './storage.js';
