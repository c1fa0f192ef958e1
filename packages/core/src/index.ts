export * from './apex/normalize.js';
export * from './apex/policy.js';
export * from './errors.js';
export * from './ports/index.js';
export * from './redirect/index.js';
