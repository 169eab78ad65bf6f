import { cardReadFromOsdp } from './osdp-card-read';

const AT = new Date('2026-11-23T10:00:00Z');

describe('cardReadFromOsdp', () => {
  it('turns osdp_RAW card data into a UID-like credential on a named reader', () => {
    const read = cardReadFromOsdp(
      {
        address: 3,
        reader: 0,
        format: 'raw',
        bitCount: 32,
        data: Uint8Array.of(0xca, 0xfe, 0xba, 0xbe),
        hex: 'cafebabe',
      },
      AT,
    );
    expect(read).toMatchObject({
      reader: 'OSDP 3/0',
      cardKind: 'unknown',
      cardName: 'OSDP raw 32 bits',
      startedAt: AT,
      outcome: { ok: true, method: 'uid', credential: { kind: 'uid', uid: 'CAFEBABE' } },
    });
  });

  it('turns osdp_RAW data whose hex spells a PAN into that PAN, never a UID in clear', () => {
    // 36 25 96 00 00 00 04: a public Diners test number, read as raw bytes.
    const read = cardReadFromOsdp(
      {
        address: 0,
        reader: 0,
        format: 'raw',
        bitCount: 56,
        data: Uint8Array.of(0x36, 0x25, 0x96, 0x00, 0x00, 0x00, 0x04),
        hex: '36259600000004',
      },
      AT,
    );
    expect(read.outcome.ok && read.outcome.credential.kind).toBe('pan');
    expect(JSON.stringify(read)).not.toContain('36259600000004');
  });

  it('calls a read with no data unreadable', () => {
    const read = cardReadFromOsdp(
      { address: 0, reader: 1, format: 'wiegand', bitCount: 0, data: new Uint8Array(), hex: '' },
      AT,
    );
    expect(read.outcome).toEqual({
      ok: false,
      reason: 'unreadable-card',
      detail: 'the OSDP reader sent no card data',
    });
  });

  it('turns an osdp_FMT card number that is a PAN into a masked PanCredential', () => {
    const digits = '4111111111111111'; // a public test number
    const read = cardReadFromOsdp(
      {
        address: 0,
        reader: 0,
        format: 'ascii',
        bitCount: 128,
        data: Buffer.from(digits, 'latin1'),
        hex: Buffer.from(digits).toString('hex'),
      },
      AT,
    );
    expect(read.outcome).toMatchObject({ ok: true, credential: { kind: 'pan' } });
    expect(JSON.stringify(read)).not.toContain(digits);
    expect(JSON.stringify(read)).toContain('**** **** **** 1111');
  });

  it('refuses osdp_FMT text that is no PAN, without repeating it', () => {
    const read = cardReadFromOsdp(
      {
        address: 0,
        reader: 0,
        format: 'ascii',
        bitCount: 32,
        data: Buffer.from('1234', 'latin1'),
        hex: '31323334',
      },
      AT,
    );
    expect(read.outcome).toEqual({
      ok: false,
      reason: 'unreadable-card',
      detail: 'the OSDP reader sent a card number that is not a PAN (bad-length)',
    });
  });
});
