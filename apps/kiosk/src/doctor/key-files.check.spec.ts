import { FakeDoctorHost } from '../testing/fake-doctor-host';
import { formatCheckLine } from './doctor-check';
import { checkKeyFile } from './key-files.check';
import { resolveServiceUser } from './service-user';

const KEY = '/var/lib/kiosk/pan-hmac.key';

describe('the key file check', () => {
  const host = () =>
    new FakeDoctorHost().account('kiosk', 998).directory('/var/lib/kiosk', 0o700, 998);
  const check = (h: FakeDoctorHost) =>
    checkKeyFile(h, 'PAN key', KEY, resolveServiceUser(h, 'kiosk').user);

  it("passes a 0600 key of the service user's", () => {
    expect(formatCheckLine(check(host().file(KEY, 0o600, 998)))).toBe(
      `ok   PAN key ${KEY}: mode 0600, owner kiosk`,
    );
  });

  it('fails a key others can read, as the service would refuse it', () => {
    expect(formatCheckLine(check(host().file(KEY, 0o644, 998)))).toBe(
      `FAIL PAN key ${KEY}: readable by others (mode 0644, owner kiosk): the service refuses it - chmod 600 ${KEY}`,
    );
  });

  it("fails a key of another user's", () => {
    expect(check(host().file(KEY, 0o600, 0))).toMatchObject({
      status: 'fail',
      line: 'not owned by user kiosk (mode 0600, owner root)',
      fix: `chown kiosk ${KEY}`,
    });
  });

  it('fails an empty key', () => {
    expect(check(host().file(KEY, 0o600, 998, 998, 0)).line).toBe('empty');
  });

  it('warns that a missing key is made at first start', () => {
    expect(check(host())).toMatchObject({
      status: 'warn',
      line: 'not there yet: the service creates it at first start',
    });
  });

  it('fails a missing key whose directory the service user cannot write', () => {
    const h = new FakeDoctorHost().account('kiosk', 998).directory('/var/lib/kiosk', 0o755, 0);
    expect(check(h)).toMatchObject({
      status: 'fail',
      line: 'not there, and user kiosk cannot create it (/var/lib/kiosk is not writable)',
    });
  });

  it('looks up to the nearest directory that exists, as mkdir -p would start there', () => {
    const h = new FakeDoctorHost().account('kiosk', 998).directory('/var', 0o755, 0);
    expect(check(h).line).toBe('not there, and user kiosk cannot create it (/var is not writable)');
  });
});
