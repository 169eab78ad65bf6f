import { FakeDoctorHost } from '../testing/fake-doctor-host';
import { formatCheckLine } from './doctor-check';
import { checkSerialPort } from './serial-port.check';
import { resolveServiceUser } from './service-user';

const bus = (serialPort: string | null) => ({ serialPort, baudRate: 9600, boards: null });

describe('the serial port check', () => {
  const host = () => new FakeDoctorHost().group('dialout', 20).account('kiosk', 998);
  const kiosk = (h: FakeDoctorHost) => resolveServiceUser(h, 'kiosk').user;

  it('fails naming the group to join when only dialout may write it', () => {
    const h = host().device('/dev/ttyUSB0', 0o660, 0, 20);
    expect(formatCheckLine(checkSerialPort(h, bus('/dev/ttyUSB0'), kiosk(h)))).toBe(
      'FAIL serial /dev/ttyUSB0: not writable by user kiosk (mode 0660, root:dialout) - add it to dialout: usermod -aG dialout kiosk (or SupplementaryGroups=dialout in the unit)',
    );
  });

  it('passes once the user is in dialout', () => {
    const h = new FakeDoctorHost().account('kiosk', 998, { dialout: 20 });
    h.device('/dev/ttyUSB0', 0o660, 0, 20);
    expect(formatCheckLine(checkSerialPort(h, bus('/dev/ttyUSB0'), kiosk(h)))).toBe(
      'ok   serial /dev/ttyUSB0: a serial device, readable and writable by user kiosk (mode 0660, root:dialout)',
    );
  });

  it('fails asking for group access when the group may not write it', () => {
    const h = host().device('/dev/ttyUSB0', 0o600, 0, 20);
    expect(checkSerialPort(h, bus('/dev/ttyUSB0'), kiosk(h))).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/^give group dialout read and write/) as unknown,
    });
  });

  it('fails when the device is not there', () => {
    const h = host();
    expect(formatCheckLine(checkSerialPort(h, bus('/dev/ttyUSB0'), kiosk(h)))).toBe(
      'FAIL serial /dev/ttyUSB0: not there - plug the RS-485 adapter in, or correct doorBus.serialPort (ls /dev/serial/by-id/)',
    );
  });

  it('fails on a path that is a plain file', () => {
    const h = host().file('/tmp/tty', 0o666, 0);
    expect(checkSerialPort(h, bus('/tmp/tty'), kiosk(h))).toMatchObject({
      status: 'fail',
      line: 'is a file, not a serial device',
    });
  });

  it('warns that no serial port means the simulator', () => {
    expect(checkSerialPort(host(), bus(null), null)).toMatchObject({
      status: 'warn',
      name: 'door bus',
      line: expect.stringContaining('simulator') as unknown,
    });
  });

  it('only warns when the service user is unknown (its own line fails)', () => {
    const h = host().device('/dev/ttyUSB0', 0o660, 0, 20);
    expect(checkSerialPort(h, bus('/dev/ttyUSB0'), null).status).toBe('warn');
  });
});
