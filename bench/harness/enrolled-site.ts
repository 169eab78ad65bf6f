import { join } from 'node:path';
import { AccessModule } from '../../apps/kiosk/src/access/access.module';
import { openTestDatabase } from '../../apps/kiosk/src/testing/test-database';
import { populateCredentials } from './kiosk-database';

/**
 * A kiosk database in `dir` (keys beside it, as kioskEnv names them) with `count` holders in
 * Everyone, one UID card each, closed, ready for a service; returns every enrolled UID. Each tap
 * of a benchmark uses another card, so no repeat-tap rule can change what a tap does.
 */
export async function enrolledSite(dir: string, count: number): Promise<string[]> {
  const db = await openTestDatabase([AccessModule], {
    KIOSK_DB: join(dir, 'kiosk.db'),
    KIOSK_PAN_KEY_FILE: join(dir, 'pan-hmac.key'),
    KIOSK_AUDIT_KEY_FILE: join(dir, 'audit-ed25519.pem'),
  });
  try {
    return populateCredentials(db.outside(), count, [db.everyoneGroupId()], count);
  } finally {
    await db.close();
  }
}
