import type { OsdpNakReason } from '../osdp/osdp-codes';

/**
 * Why a door command or the link failed:
 * - 'timeout': the PD did not answer within the reply timeout, after every retry;
 * - 'nak': the PD refused the command (see `nakReason`);
 * - 'busy': the PD kept answering osdp_BUSY;
 * - 'bad-reply': the PD answered with a reply this library cannot decode or did not expect;
 * - 'offline': the PD is offline, so the command was not sent;
 * - 'expired': the command waited in the queue past its deadline and was never sent;
 * - 'stopped': the ACU was stopped;
 * - 'transport': the serial port failed, could not be opened or was lost;
 * - 'unsupported': the transport cannot do what the command needs (osdp_COMSET to a baud rate
 *   the transport cannot follow), so the command was not sent.
 */
export type DoorLinkFaultCode =
  | 'timeout'
  | 'nak'
  | 'busy'
  | 'bad-reply'
  | 'offline'
  | 'expired'
  | 'stopped'
  | 'transport'
  | 'unsupported';

export class DoorLinkFault extends Error {
  override readonly name = 'DoorLinkFault';
  readonly code: DoorLinkFaultCode;
  readonly address: number | undefined;
  readonly nakReason: OsdpNakReason | undefined;

  constructor(
    code: DoorLinkFaultCode,
    message: string,
    details: { cause?: unknown; address?: number; nakReason?: OsdpNakReason } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.address = details.address;
    this.nakReason = details.nakReason;
  }
}
