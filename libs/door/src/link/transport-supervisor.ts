import type { ByteTransport } from './byte-transport';
import type { DoorLogger } from './door-logger';
import { DoorLinkFault } from './door-link.errors';

export interface TransportSupervisorOptions {
  /** First wait before reopening a lost transport; doubles on each failure up to maxBackoffMs. */
  minBackoffMs: number;
  maxBackoffMs: number;
  logger: DoorLogger;
  onLost: (fault: DoorLinkFault) => void;
  onRestored: () => void;
}

/** Opens a transport, notices when it is lost, and reopens it with exponential backoff. */
export class TransportSupervisor {
  private active = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoffMs: number;
  private readonly onTransportLost = (fault: DoorLinkFault): void => this.lost(fault);

  constructor(
    private readonly transport: ByteTransport,
    private readonly opts: TransportSupervisorOptions,
  ) {
    this.backoffMs = opts.minBackoffMs;
  }

  /** Tries to open once; if that fails, reports the loss and keeps trying in the background. */
  async start(): Promise<void> {
    this.active = true;
    this.transport.on('lost', this.onTransportLost);
    try {
      await this.transport.open();
    } catch (err) {
      this.lost(asFault(err));
    }
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.transport.off('lost', this.onTransportLost);
    await this.transport.close();
  }

  private lost(fault: DoorLinkFault): void {
    if (!this.active) return;
    this.opts.logger.error({ err: fault, retryInMs: this.backoffMs }, 'door link: transport lost');
    this.opts.onLost(fault);
    this.scheduleReopen();
  }

  private scheduleReopen(): void {
    if (this.retryTimer || !this.active) return;
    this.retryTimer = setTimeout(() => void this.reopen(), this.backoffMs);
  }

  private async reopen(): Promise<void> {
    this.retryTimer = null;
    if (!this.active) return;
    try {
      await this.transport.open();
    } catch (err) {
      this.backoffMs = Math.min(this.backoffMs * 2, this.opts.maxBackoffMs);
      this.opts.logger.warn(
        { err: asFault(err), retryInMs: this.backoffMs },
        'door link: reopen failed',
      );
      this.scheduleReopen();
      return;
    }
    if (!this.active) return void (await this.transport.close());
    this.backoffMs = this.opts.minBackoffMs;
    this.opts.logger.info({}, 'door link: transport restored');
    this.opts.onRestored();
  }
}

function asFault(err: unknown): DoorLinkFault {
  return err instanceof DoorLinkFault
    ? err
    : new DoorLinkFault('transport', 'transport failed', { cause: err });
}
