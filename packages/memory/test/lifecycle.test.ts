import { lifecycleModelTest, MODEL_ORGANIZATIONS, modelActors } from '@apexproof/testkit';
import { describe } from 'vitest';
import {
  createManualClock,
  createMemoryDirectory,
  createMemoryDns,
  createMemoryMailer,
  createMemoryStorage,
} from '../src/index.js';

describe('memory adapters', () => {
  lifecycleModelTest({
    name: 'memory',
    createWorld: () => {
      const storage = createMemoryStorage();
      return {
        storage,
        inspect: storage.inspect,
        dns: createMemoryDns(),
        mailer: createMemoryMailer(),
        directory: createMemoryDirectory({ organizations: MODEL_ORGANIZATIONS }),
        clock: createManualClock(),
        ...modelActors(),
      };
    },
  });
});
