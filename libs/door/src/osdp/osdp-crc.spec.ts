import { OSDP_CRC_SEED, osdpChecksum, osdpCrc16 } from './osdp-crc';

const hex = (s: string): Uint8Array => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));

describe('osdpCrc16 (OSDP v2.2, CRC-16/AUG-CCITT)', () => {
  it('has the catalogue check value 0xE5CC for "123456789"', () => {
    expect(osdpCrc16(new TextEncoder().encode('123456789'))).toBe(0xe5cc);
  });

  it('starts from the seed 0x1D0F', () => {
    expect(osdpCrc16(new Uint8Array(0))).toBe(OSDP_CRC_SEED);
  });

  // libosdp's unit test of cp_build_packet(CMD_POLL): PD 0x65, SQN 0, CRC 0x9060 sent LSB first.
  it('matches the check characters of the osdp_POLL frame libosdp publishes', () => {
    const crc = osdpCrc16(hex('53 65 08 00 04 60'));
    expect([crc & 0xff, crc >> 8]).toEqual([0x60, 0x90]);
  });

  it('covers only the first `end` bytes when told where to stop (a frame and its own CRC)', () => {
    const frame = hex('53 65 08 00 04 60 60 90');
    expect(osdpCrc16(frame, OSDP_CRC_SEED, 6)).toBe(0x9060);
    expect(osdpCrc16(frame, OSDP_CRC_SEED, 0)).toBe(OSDP_CRC_SEED);
  });
});

describe('osdpChecksum (OSDP v2.2 8-bit checksum)', () => {
  it('makes the modulo-256 sum of the message come to zero', () => {
    const body = hex('53 00 07 00 00 60');
    const sum = [...body, osdpChecksum(body)].reduce((a, b) => (a + b) & 0xff, 0);
    expect(osdpChecksum(body)).toBe(0x46);
    expect(sum).toBe(0);
  });

  it('covers only the first `end` bytes when told where to stop', () => {
    expect(osdpChecksum(hex('53 00 07 00 00 60 46'), 6)).toBe(0x46);
  });
});
