// The public surface of @apexproof/testkit, one folder per port: storage/, dns/, mailer/, events/, and
// lifecycle/ (the whole lifecycle against a storage). Each suite registers vitest cases.

// fast-check arbitraries for host names and Unicode text
export {
  hostInputArb,
  hostLikeStringArb,
  hostnameArb,
  idnHostnameArb,
  idnLabelArb,
  KNOWN_SUFFIXES,
  ldhLabelArb,
  registrableDomainArb,
  typedHostArb,
  unicodeStringArb,
} from './arbitraries.js';
export {
  type DnsResolverContractOptions,
  dnsResolverContract,
  type ZoneControl,
} from './dns/contract.js';
export {
  domainEventArb,
  eventIdArb,
  eventInstantArb,
  eventStreamArb,
  refArb,
} from './events/arbitraries.js';
export {
  type EventInbox,
  type EventSinkContractOptions,
  type EventSinkFaults,
  eventSinkContract,
  type ReceivedEvent,
  sampleEvents,
} from './events/contract.js';
export {
  countingResolver,
  type LifecycleModelOptions,
  lifecycleModelTest,
  MODEL_ORGANIZATIONS,
  type ModelWorld,
  modelActors,
} from './lifecycle/model.js';
export {
  type MailerContractOptions,
  type MailFaults,
  type MailInbox,
  mailerContract,
  normalizeMailAddress,
  type ReceivedMail,
} from './mailer/contract.js';
export {
  type StorageContractOptions,
  type StorageInspector,
  storageContract,
} from './storage/contract.js';
export { TEST_ACTORS, TEST_ORGANIZATIONS, type TestOrganization } from './world.js';
