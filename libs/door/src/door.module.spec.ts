import { Test } from '@nestjs/testing';
import { once } from 'node:events';
import { DoorModule } from './door.module';
import { MemoryTransport } from './link/memory.transport';
import { OsdpAcu } from './link/osdp-acu';
import { OsdpPdSimulator } from './simulator/osdp-pd.simulator';

describe('DoorModule', () => {
  it('provides a started OsdpAcu from registerAsync, and stops it on close', async () => {
    const [acuEnd, pdEnd] = MemoryTransport.pair();
    const sim = new OsdpPdSimulator(pdEnd, { address: 0, view: null });
    await sim.start();
    const moduleRef = await Test.createTestingModule({
      imports: [
        DoorModule.registerAsync({
          useFactory: () => ({ addresses: [0], transport: acuEnd, pollIntervalMs: 10 }),
        }),
      ],
    }).compile();
    const acu = moduleRef.get(OsdpAcu);
    const online = once(acu, 'pd-online');
    const app = await moduleRef.createNestApplication().init();
    await online;
    await acu.board(0).pulseRelay(0, 200);
    expect(sim.relay(0)).toBe(true);
    await app.close();
    await expect(acu.board(0).beep()).rejects.toMatchObject({ code: 'stopped' });
    await sim.stop();
  });

  it('needs a serial path or a transport', async () => {
    const build = Test.createTestingModule({
      imports: [DoorModule.register({ addresses: [0] })],
    }).compile();
    await expect(build).rejects.toThrow('set `path`');
  });
});
