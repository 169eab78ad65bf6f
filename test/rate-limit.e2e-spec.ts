import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskProcess, runKioskCli } from './harness/kiosk.process';

/**
 * The API's rate limit (KIOSK_HTTP_RATE_LIMIT requests a minute) counts each client once for the
 * whole API, whichever routes it calls; past it the client is answered 429 with Retry-After, while
 * health and metrics, which are not counted, still answer. No reader is needed: the service runs
 * its own door board simulator and answers without pcscd.
 */
describe('the API rate limit', () => {
  const LIMIT = 10;
  let dir: string;
  let kiosk: KioskProcess;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-rate-limit-'));
    const env = { KIOSK_DB: join(dir, 'kiosk.db'), KIOSK_HTTP_RATE_LIMIT: String(LIMIT) };
    const created = runKioskCli(
      ['token', 'create', '--name', 'desk', '--role', 'admin', '--json'],
      env,
    );
    expect(created.status).toBe(0);
    token = (JSON.parse(created.stdout) as { token: string }).token;
    kiosk = await KioskProcess.start(env, { until: 'answering' });
  });
  afterAll(async () => {
    await kiosk?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string) =>
    fetch(`${kiosk.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('counts one client across routes, answers 429 with Retry-After past the limit, and leaves health and metrics open', async () => {
    const routes = ['/api/v1/doors', '/api/v1/holders', '/api/v1/access-groups'];
    const remaining: string[] = [];
    for (let i = 0; i < LIMIT; i += 1) {
      const answer = await get(routes[i % routes.length]!);
      expect(answer.status).toBe(200);
      remaining.push(answer.headers.get('x-ratelimit-remaining') ?? 'none');
      // Not counted: health and metrics in between.
      expect([200, 503]).toContain((await get('/api/v1/health')).status);
      expect((await get('/metrics')).status).toBe(200);
    }
    expect(remaining).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);

    const refused = await get('/api/v1/holders');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(await refused.json()).toMatchObject({ statusCode: 429, code: 'too-many-requests' });
    // Blocked on every route now, and still not on health and metrics.
    expect((await get('/api/v1/doors')).status).toBe(429);
    expect([200, 503]).toContain((await get('/api/v1/health')).status);
    expect((await get('/metrics')).status).toBe(200);
  });
});
