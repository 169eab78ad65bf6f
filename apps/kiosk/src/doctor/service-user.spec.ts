import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeDoctorHost } from '../testing/fake-doctor-host';
import { parseUnitAccount, permits, resolveServiceUser, type ServiceUser } from './service-user';

const UNIT = readFileSync(join(__dirname, '../../../../deploy/kiosk.service'), 'utf8');

describe('the service user', () => {
  it("reads the repository's unit: User=kiosk, Group=kiosk, SupplementaryGroups=dialout", () => {
    expect(parseUnitAccount(UNIT)).toEqual({
      user: 'kiosk',
      group: 'kiosk',
      supplementaryGroups: ['dialout'],
    });
  });

  it("is the installed unit's User=, with the unit's groups even where /etc/group lacks them", () => {
    const host = new FakeDoctorHost()
      .group('dialout', 20)
      .account('kiosk', 998)
      .text('/etc/systemd/system/kiosk.service', UNIT);
    const { user, from } = resolveServiceUser(host, undefined);
    expect(from).toBe('the installed unit');
    expect(user).toEqual({ name: 'kiosk', uid: 998, gids: new Set([998, 20]), from });
  });

  it('is --user over the unit, with only its /etc/group groups', () => {
    const host = new FakeDoctorHost()
      .account('door', 1001, { dialout: 20 })
      .text('/etc/systemd/system/kiosk.service', UNIT);
    expect(resolveServiceUser(host, 'door').user).toEqual({
      name: 'door',
      uid: 1001,
      gids: new Set([1001, 20]),
      from: '--user',
    });
  });

  it('is the user running the command when no unit is installed', () => {
    const host = new FakeDoctorHost().account('installer', 1000).runAs('installer');
    expect(resolveServiceUser(host, undefined)).toMatchObject({
      name: 'installer',
      from: 'the user running this command',
      user: { uid: 1000 },
    });
  });

  it('is null when no such account exists', () => {
    const host = new FakeDoctorHost().text('/etc/systemd/system/kiosk.service', UNIT);
    expect(resolveServiceUser(host, undefined)).toEqual({
      user: null,
      name: 'kiosk',
      from: 'the installed unit',
    });
  });

  const kiosk: ServiceUser = { name: 'kiosk', uid: 998, gids: new Set([998, 20]), from: '--user' };
  const file = (mode: number, uid: number, gid: number) =>
    ({ kind: 'file', mode, uid, gid, size: 1, mtimeMs: 0 }) as const;

  it.each([
    ['owner rw-', file(0o600, 998, 0), 'write', true],
    ['owner r--', file(0o400, 998, 0), 'write', false],
    ['owner r--, read', file(0o400, 998, 0), 'read', true],
    ['its group rw', file(0o660, 0, 20), 'write', true],
    ['another group rw', file(0o660, 0, 5), 'write', false],
    ['others rw', file(0o666, 0, 5), 'write', true],
    // The owner's bits decide for the owner, even when the group's would allow more.
    ['owner ---, group rw', file(0o060, 998, 20), 'write', false],
  ] as const)('permits: %s, %s', (_what, stat, access, expected) => {
    expect(permits(stat, kiosk, access)).toBe(expected);
  });

  it('permits root anything', () => {
    expect(permits(file(0o000, 5, 5), { ...kiosk, uid: 0 }, 'write')).toBe(true);
  });
});
