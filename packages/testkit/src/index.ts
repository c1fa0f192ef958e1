export * from './arbitraries.js';
export * from './dns-contract.js';
export * from './event-sink-contract.js';
export * from './lifecycle-model.js';
export * from './mailer-contract.js';
export * from './storage-contract.js';
