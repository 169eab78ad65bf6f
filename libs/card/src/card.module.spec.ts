import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CardModule } from './card.module';
import { ReaderManager } from './reader/reader-manager';
import { ScriptedCardTransport } from './transport/scripted.transport';

const OPTIONS = Symbol('options');

@Module({
  providers: [{ provide: OPTIONS, useValue: { pattern: 'Virtual PCD' } }],
  exports: [OPTIONS],
})
class FakeConfigModule {}

describe('CardModule', () => {
  it('provides a ReaderManager from async options, and stops it on shutdown', async () => {
    const transport = new ScriptedCardTransport();
    const stop = jest.spyOn(transport, 'stop');
    const moduleRef = await Test.createTestingModule({
      imports: [
        CardModule.registerAsync({
          imports: [FakeConfigModule],
          inject: [OPTIONS],
          useFactory: (config: { pattern: string }) => ({
            readerPattern: config.pattern,
            transport,
          }),
        }),
      ],
    }).compile();
    await moduleRef.init();
    const manager = moduleRef.get(ReaderManager);
    const events: unknown[] = [];
    manager.on('reader', (e) => events.push(e));
    await manager.start();
    transport.attachReader('Other Reader 00 00');
    transport.attachReader('Virtual PCD 00 00');
    expect(events).toEqual([{ type: 'reader-attached', reader: 'Virtual PCD 00 00' }]);
    await moduleRef.close();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('does not start the manager by itself', async () => {
    const transport = new ScriptedCardTransport();
    const start = jest.spyOn(transport, 'start');
    const moduleRef = await Test.createTestingModule({
      imports: [CardModule.registerAsync({ useFactory: () => ({ transport }) })],
    }).compile();
    await moduleRef.init();
    expect(start).not.toHaveBeenCalled();
    await moduleRef.close();
  });
});
