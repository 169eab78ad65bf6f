import { OsdpAcu, SerialTransport } from '@kiosk/door';
import type { DoorSettings } from '../config/doors.config';
import { TestDoorBus } from '../testing/door-bus';
import { formatCheckLine } from './doctor-check';
import { boardLines, pollBoards } from './door-board.check';

const door = (id: string, address: number): DoorSettings => ({
  id,
  address,
  relayOutput: 0,
  pulseMs: 3000,
  contactInput: 0,
  contactActiveMeansOpen: true,
  rexInput: null,
  heldOpenMs: 30_000,
  readers: [],
  osdpReaders: [],
});

describe('asking the door boards, over a real pty', () => {
  let bus: TestDoorBus;
  beforeEach(async () => {
    bus = await TestDoorBus.start([0]);
  });
  afterEach(() => bus.stop());

  it('hears the board that answers osdp_ID and osdp_CAP, and not the address nobody answers', async () => {
    const started = Date.now();
    const poll = await pollBoards({ path: bus.acuPath, baudRate: 9600 }, [0, 5]);
    expect(Date.now() - started).toBeLessThan(3500);
    expect(poll).toEqual({
      answers: [
        {
          address: 0,
          answered: true,
          id: expect.objectContaining({ model: expect.any(Number) }) as unknown,
        },
        { address: 5, answered: false },
      ],
    });
    const lines = boardLines([door('front', 0), door('back', 5)], 9600, poll, null).map(
      formatCheckLine,
    );
    expect(lines[0]).toMatch(
      /^ok {3}door board 0 \(front\): answers osdp_ID at 9600 baud: vendor 0x[0-9a-f]{6}, model \d+, serial \d+, firmware \d+\.\d+\.\d+$/,
    );
    expect(lines[1]).toBe(
      "FAIL door board 5 (back): no answer to osdp_ID at 9600 baud - check the wiring (A/B, ground, power), the board's OSDP address (5) and baud rate (doorBus.baudRate)",
    );
  });

  it('finds the port held when another process (the service) has it open', async () => {
    const service = new OsdpAcu(new SerialTransport({ path: bus.acuPath, baudRate: 9600 }), {
      addresses: [0],
    });
    await service.start();
    try {
      const poll = await pollBoards({ path: bus.acuPath, baudRate: 9600 }, [0]);
      expect(poll).toMatchObject({
        held: true,
        openProblem: expect.stringMatching(/Cannot lock port/) as unknown,
      });
    } finally {
      await service.stop();
    }
  });

  it('reports a port that cannot be opened', async () => {
    const poll = await pollBoards({ path: '/dev/null', baudRate: 9600 }, [0], 1000);
    expect(poll).toMatchObject({ held: false });
  });
});

describe('the door board lines', () => {
  const doors = [door('front', 0), door('side', 0), door('back', 1)];
  const held = { openProblem: 'cannot open /dev/ttyUSB0: Cannot lock port', held: true };

  it("takes the running service's word for a port it holds", () => {
    const lines = boardLines(doors, 9600, held, {
      doors: [
        { doorId: 'front', address: 0, online: true },
        { doorId: 'side', address: 0, online: true },
        { doorId: 'back', address: 1, online: false },
      ],
    }).map(formatCheckLine);
    expect(lines).toEqual([
      'ok   door board 0 (front, side): the running kiosk service holds the port and reports it online',
      "FAIL door board 1 (back): the running kiosk service holds the port and reports it offline - check the wiring (A/B, ground), the board's OSDP address (1) and baud rate (9600)",
    ]);
  });

  it('warns, not asking, when the holder of the port does not answer', () => {
    expect(boardLines(doors, 9600, held, { problem: 'fetch failed' })).toEqual([
      expect.objectContaining({
        status: 'warn',
        line: 'not asked: the serial port is held by another process (the kiosk service?), whose health does not answer (fetch failed)',
      }),
    ]);
  });

  it('fails a port that cannot be opened for another reason', () => {
    expect(
      boardLines(
        doors,
        9600,
        { openProblem: 'cannot open /dev/ttyUSB0: Permission denied', held: false },
        null,
      ),
    ).toEqual([
      expect.objectContaining({
        status: 'fail',
        line: 'cannot open /dev/ttyUSB0: Permission denied',
      }),
    ]);
  });
});
