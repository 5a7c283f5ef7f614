// Loads the service only when a command needs it, so `deskfit --help` starts instantly.
import type { Service } from '../service/service';

export async function openService(): Promise<Service> {
  const [{ createService }, { forkTrainer }] = await Promise.all([
    import('../service/service'),
    import('../jobs/childTransport'),
  ]);
  return createService({ mode: 'web', spawnTrainer: forkTrainer() });
}
