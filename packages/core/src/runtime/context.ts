import type { NotificationTemplates } from '../model/templates.js';
import type { Clock } from '../ports/clock.js';
import type { Directory } from '../ports/directory.js';
import type { DnsResolver } from '../ports/dns.js';
import type { EventSink } from '../ports/events.js';
import type { Mailer } from '../ports/mailer.js';
import type { Random } from '../ports/random.js';
import type { Storage } from '../ports/storage.js';
import type { ResolvedPolicy } from './policy.js';

/** What every use case is given: the ports and the resolved policy. */
export interface Context {
  readonly storage: Storage;
  readonly dns: DnsResolver;
  readonly mailer: Mailer;
  readonly directory: Directory;
  readonly clock: Clock;
  readonly random: Random;
  readonly policy: ResolvedPolicy;
  readonly templates: NotificationTemplates;
  /** Where domain events go; without it no event is recorded (runtime/events.ts). */
  readonly events?: EventSink;
}
