import { runQuickstart } from './story.js';

await runQuickstart();
