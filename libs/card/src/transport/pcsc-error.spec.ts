import { CardFault } from './card-transport';
import { pcscReturnCode, toCardFault } from './pcsc-error';

describe('toCardFault', () => {
  it.each([
    ['SCardTransmit error: Card was removed.(0x80100069)', 'card-removed'],
    ['SCardConnect error: No smart card inserted.(0x8010000c)', 'card-removed'],
    ['SCardConnect error: Sharing violation.(0x8010000b)', 'reader-busy'],
    ['SCardEstablishContext error: Service not available.(0x8010001d)', 'middleware-unavailable'],
    ['SCardGetStatusChange error: RPC transport error.(0x80100013)', 'middleware-unavailable'],
    ['SCardConnect error: Unknown reader specified.(0x80100009)', 'reader-removed'],
    ['SCardTransmit error: Card was reset.(0x80100068)', 'card-reset'],
    ['SCardConnect error: Card is unresponsive.(0x80100066)', 'card-unresponsive'],
    ['SCardGetStatusChange error: Command cancelled.(0x80100002)', 'transport-stopped'],
    ['SCardTransmit error: Something new.(0x801000ff)', 'unknown'],
    ['Card Reader not connected', 'unknown'],
  ])('%s → %s', (message, code) => {
    const error = new Error(message);
    const fault = toCardFault(error, 'doing');
    expect(fault).toBeInstanceOf(CardFault);
    expect(fault.code).toBe(code);
    expect(fault.cause).toBe(error);
    expect(fault.message).toBe(`doing: ${message}`);
  });

  it('keeps a CardFault as it is, and reads return codes', () => {
    const fault = new CardFault('card-removed', 'x');
    expect(toCardFault(fault, 'doing')).toBe(fault);
    expect(pcscReturnCode('x.(0x8010001D)')).toBe(0x8010001d);
    expect(pcscReturnCode(undefined)).toBeUndefined();
  });
});
