import { Inject, Injectable, type OnModuleInit, type OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { OutageJournal } from './outage-journal';
import { WriteOutage, type Outage } from './write-outage';

/** Where the journal of the database at `databasePath` lives: beside it, like its -wal file. */
export function outageJournalPath(databasePath: string): string {
  return `${databasePath}-outage`;
}

/**
 * The service's side of OutageJournal (the CLI refuses no tap, so it keeps none): at start it
 * takes up an outage the previous run left, and while one lasts it keeps the journal current.
 * A journal that cannot be opened is logged, not fatal: the service then still refuses taps
 * during an outage, but a restart forgets their count.
 */
@Injectable()
export class OutageJournalService implements OnModuleInit, OnApplicationShutdown {
  private journal: OutageJournal | null = null;

  constructor(
    private readonly outage: WriteOutage,
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    @InjectPinoLogger(OutageJournalService.name) private readonly logger: PinoLogger,
  ) {}

  /** Before anything starts writing: the first write that commits then carries the alarm. */
  onModuleInit(): void {
    const path = outageJournalPath(this.config.database.path);
    try {
      this.journal = OutageJournal.open(path);
    } catch (err) {
      this.logger.warn(
        { err, path },
        'no outage journal: a restart during an outage forgets its count',
      );
      return;
    }
    this.outage.on('changed', (outage) => this.keep(outage));
    this.outage.on('counted', (outage) => this.keep(outage));
    const previous = this.journal.read();
    if (previous) {
      this.logger.error(
        { since: previous.since, cause: previous.cause, refusedTaps: previous.refusedTaps },
        'the audit log could not be written when the service last stopped: taken up again',
      );
      this.outage.resume(previous);
    } else if (this.outage.outage) {
      this.keep(this.outage.outage);
    }
  }

  onApplicationShutdown(): void {
    this.journal?.close();
    this.journal = null;
  }

  private keep(outage: Outage | null): void {
    try {
      this.journal?.write(outage);
    } catch (err) {
      this.logger.error({ err }, 'the outage journal could not be written');
    }
  }
}
