import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { PanCredential } from '@kiosk/card';
import { AuditService } from '../audit/audit.service';
import { HoldersModule } from '../holders/holders.module';
import { HoldersService } from '../holders/holders.service';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { CredentialErrorCode } from './credentials.errors';
import { CredentialsService } from './credentials.service';
import { PAN_HMAC_KEY } from './pan-key.provider';

// A public test number (Visa test card), never a real one.
const PAN = '4111111111111111';
const CLI = { kind: 'cli', user: 'test' } as const;

function aPan(digits = PAN): PanCredential {
  const parsed = PanCredential.fromDigits(digits);
  if (!parsed.ok) throw new Error(`bad test PAN: ${parsed.problem}`);
  return parsed.pan;
}

describe('bank cards in the allowlist', () => {
  let db: TestDatabase;
  let holders: HoldersService;
  let credentials: CredentialsService;

  beforeEach(async () => {
    db = await openTestDatabase([HoldersModule]);
    holders = db.module.get(HoldersService);
    credentials = db.module.get(CredentialsService, { strict: false });
  });
  afterEach(() => db.close());

  it('stores the keyed HMAC and the last four digits, and finds the card by them', async () => {
    const created = await holders.create({ displayName: 'Ada', uids: [], pans: [aPan()] }, CLI);
    expect(created.credentials).toEqual([
      { id: expect.any(String), kind: 'pan', display: '**** **** **** 1111' },
    ]);
    const key = db.module.get<Buffer>(PAN_HMAC_KEY, { strict: false });
    const row = db.outside().prepare('SELECT lookup_key, display FROM credentials').get() as {
      lookup_key: string;
      display: string;
    };
    expect(row).toEqual({
      lookup_key: createHmac('sha256', key).update(PAN, 'ascii').digest('hex'),
      display: '**** **** **** 1111',
    });
    expect(credentials.findForCard({ kind: 'pan', pan: aPan() })).toMatchObject({
      holderId: created.id,
      display: '**** **** **** 1111',
    });
    expect(credentials.findForCard({ kind: 'pan', pan: aPan('4012888888881881') })).toBeNull();
  });

  it('never writes the digits to the database file or its WAL, audit record included', async () => {
    await holders.create({ displayName: 'Ada', uids: [], pans: [aPan()] }, CLI);
    expect(await db.module.get(AuditService, { strict: false }).verify()).toMatchObject({
      records: 1,
    });
    // The row may still be in the WAL (not yet checkpointed): search both files together, and
    // check the mask is there so the search is known to look at the right bytes.
    const bytes = Buffer.concat(
      [db.path, `${db.path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
    );
    expect(bytes.includes(Buffer.from('**** **** **** 1111', 'ascii'))).toBe(true);
    expect(bytes.includes(Buffer.from(PAN, 'ascii'))).toBe(false);
  });

  it('refuses the same bank card twice, naming it only by its mask', async () => {
    await holders.create({ displayName: 'Ada', uids: [], pans: [aPan()] }, CLI);
    const error: unknown = await holders
      .create({ displayName: 'Eve', uids: [], pans: [aPan()] }, CLI)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: CredentialErrorCode.AlreadyEnrolled });
    expect((error as Error).message).toBe('Card **** **** **** 1111 is already enrolled');
  });
});
