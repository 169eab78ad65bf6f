import type { ByteTransport } from './byte-transport';
import type { DoorLogger } from './door-logger';

/** True when the line is at this speed already, or the transport can change speed. */
export function canFollowBaudRate(transport: ByteTransport, baudRate: number): boolean {
  return baudRate === transport.baudRate || transport.setBaudRate !== undefined;
}

/**
 * OSDP v2.2 osdp_COMSET (0x6E): the PD answers osdp_COM (0x54) with the address and speed it uses
 * from now on. The whole line follows the new speed (every PD on a multi-drop bus must be set to
 * it too). A new address is not followed: the ACU keeps polling the configured one. Returns the
 * error if the transport failed to change speed.
 */
export async function followComSettings(
  transport: ByteTransport,
  logger: DoorLogger,
  address: number,
  com: { address: number; baudRate: number },
): Promise<Error | undefined> {
  if (com.address !== address)
    logger.warn(
      { address, newAddress: com.address },
      'door link: the PD took a new address; configure it and restart the door link',
    );
  if (com.baudRate === transport.baudRate || !transport.setBaudRate) return undefined;
  try {
    await transport.setBaudRate(com.baudRate);
    logger.info({ baudRate: com.baudRate }, 'door link: line speed changed');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
