// OSDP v2.2 message check characters. Pure: bytes in, a number out.

/** OSDP v2.2 CRC-16 seed (CRC-16/AUG-CCITT: poly 0x1021, init 0x1D0F, not reflected, no xorout). */
export const OSDP_CRC_SEED = 0x1d0f;
const OSDP_CRC_POLY = 0x1021;

const CRC_TABLE: readonly number[] = buildCrcTable();

function buildCrcTable(): number[] {
  const table: number[] = [];
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ OSDP_CRC_POLY) & 0xffff : (crc << 1) & 0xffff;
    }
    table.push(crc);
  }
  return table;
}

/**
 * OSDP v2.2 CRC-16 over the first `end` bytes (from SOM up to, not including, the CRC; default:
 * all of them). It is sent LSB first. Check value for ASCII "123456789" is 0xE5CC.
 * Indexed, not `for...of` nor over a subarray: twice a poll, and neither an iterator's results
 * nor a view is left behind as garbage (before V8 optimises the loop, each byte left one).
 */
export function osdpCrc16(
  bytes: Uint8Array,
  seed: number = OSDP_CRC_SEED,
  end: number = bytes.length,
): number {
  let crc = seed & 0xffff;
  for (let i = 0; i < end; i++) {
    crc = ((crc << 8) & 0xffff) ^ (CRC_TABLE[((crc >> 8) ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return crc;
}

/**
 * OSDP v2.2 8-bit checksum: the two's complement of the modulo-256 sum of every byte before it,
 * over the first `end` bytes (default: all of them).
 */
export function osdpChecksum(bytes: Uint8Array, end: number = bytes.length): number {
  let sum = 0;
  for (let i = 0; i < end; i++) sum = (sum + (bytes[i] ?? 0)) & 0xff;
  return (0x100 - sum) & 0xff;
}
