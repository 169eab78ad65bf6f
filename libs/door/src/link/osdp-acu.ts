import { EventEmitter } from 'node:events';
import { DoorBoard } from './door-board';
import { encodeOsdpCommand, type OsdpCommand, type OsdpPayload } from '../osdp/osdp-command.codec';
import type { OsdpReply } from '../osdp/osdp-reply.codec';
import type { ByteTransport } from './byte-transport';
import { type DoorLogger, silentDoorLogger } from './door-logger';
import { DoorLinkFault, type DoorLinkFaultCode } from './door-link.errors';
import { OsdpBus } from './osdp-bus';
import { type OsdpPdInfo, OsdpPdState, type QueuedCommand } from './osdp-pd-state';
import {
  type OsdpAcuEvents,
  type OsdpAcuOptions,
  type OsdpAcuSettings,
  type OsdpPdOfflineReason,
  osdpAcuSettings,
} from './osdp-acu.options';
import {
  faultOfTransaction,
  runOsdpTransaction,
  type OsdpTransactionOptions,
} from './osdp-transaction';
import { canFollowBaudRate, followComSettings } from './osdp-comset';
import { cardReadOf, keypadEntryOf } from './osdp-reader-events';
import { TransportSupervisor } from './transport-supervisor';
import { Waker } from './waker';

/**
 * osdp_POLL, encoded once: the loop sends it to every PD many times a second, for as long as the
 * kiosk runs, and it never changes (the frame around it carries the sequence number).
 */
const POLL_PAYLOAD: OsdpPayload = encodeOsdpCommand({ kind: 'poll' });

/**
 * The OSDP v2.2 ACU for one serial line: a poll loop visits each PD in turn; in its slot a PD gets
 * its next queued command, or osdp_POLL. Commands go out in order, one at a time, and each ends
 * with the PD's reply or a DoorLinkFault within a bounded time.
 */
export class OsdpAcu extends EventEmitter<OsdpAcuEvents> {
  private readonly settings: OsdpAcuSettings;
  private readonly logger: DoorLogger;
  private readonly pds = new Map<number, OsdpPdState>();
  private readonly bus: OsdpBus;
  private readonly supervisor: TransportSupervisor;
  private readonly waker = new Waker();
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  /** When the poll loop last came round (performance.now()); a watchdog reads its age. */
  private lastTurnAt = 0;
  /** The same for every transaction (the settings do not change): made once, not per poll. */
  private readonly txOptions: OsdpTransactionOptions;

  constructor(
    private readonly transport: ByteTransport,
    options: OsdpAcuOptions,
  ) {
    super();
    const { addresses, logger, ...rest } = options;
    this.settings = osdpAcuSettings(rest);
    this.logger = logger ?? silentDoorLogger;
    for (const address of addresses) {
      if (!Number.isInteger(address) || address < 0 || address > 0x7e)
        throw new RangeError(`OSDP address out of range: ${address}`);
      this.pds.set(address, new OsdpPdState(address));
    }
    this.txOptions = {
      replyTimeoutMs: this.settings.replyTimeoutMs,
      retries: this.settings.retries,
      busyRetries: this.settings.busyRetries,
      busyDelayMs: this.settings.pollIntervalMs,
      active: () => this.running,
    };
    this.bus = new OsdpBus(transport, this.logger, this.settings.check);
    this.supervisor = new TransportSupervisor(transport, {
      minBackoffMs: this.settings.reopenBackoffMs.min,
      maxBackoffMs: this.settings.reopenBackoffMs.max,
      logger: this.logger,
      onLost: (fault) => this.onTransportLost(fault),
      onRestored: () => this.onTransportRestored(),
    });
  }

  /** Opens the transport and starts the poll loop; does not wait for any PD to answer. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.lastTurnAt = performance.now();
    await this.supervisor.start();
    this.loopDone = this.loop();
  }

  /** Stops the loop and closes the transport; queued commands fail with DoorLinkFault('stopped'). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.waker.wake();
    this.bus.abort({ kind: 'stopped' });
    for (const pd of this.pds.values())
      pd.rejectAll(this.fault('stopped', 'door link stopped', pd.address));
    // A loop stuck in a write that never completes (a dead adapter) must not hold the stop.
    let timer: NodeJS.Timeout | undefined;
    const stuck = await Promise.race([
      this.loopDone.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.settings.commandDeadlineMs);
      }),
    ]);
    clearTimeout(timer);
    if (stuck) this.logger.warn({}, 'door link: the poll loop did not stop in time: left');
    await this.supervisor.stop();
    for (const pd of this.pds.values()) pd.forget(); // a later start() learns every PD again
  }

  board(address: number): DoorBoard {
    if (!this.pds.has(address)) throw new RangeError(`no PD configured at OSDP address ${address}`);
    return new DoorBoard(this, address);
  }

  isOnline(address: number): boolean {
    return this.pds.get(address)?.state === 'online';
  }

  /** What the PD said about itself at discovery (osdp_PDID, osdp_PDCAP). */
  info(address: number): OsdpPdInfo | undefined {
    return this.pds.get(address)?.info;
  }

  /** Queues a command for a PD; resolves with its reply (never osdp_NAK or osdp_BUSY). */
  send(address: number, command: OsdpCommand): Promise<OsdpReply> {
    const pd = this.pds.get(address);
    if (!pd)
      return Promise.reject(
        this.fault('offline', `no PD configured at OSDP address ${address}`, address),
      );
    if (!this.running)
      return Promise.reject(this.fault('stopped', 'door link is not running', address));
    if (pd.state === 'offline')
      return Promise.reject(this.fault('offline', `PD ${address} is offline`, address));
    if (command.kind === 'comset' && !canFollowBaudRate(this.transport, command.baudRate))
      return Promise.reject(
        this.fault(
          'unsupported',
          `the transport cannot change to ${command.baudRate} baud`,
          address,
        ),
      );
    return new Promise<OsdpReply>((resolve, reject) => {
      const entry: QueuedCommand = {
        command,
        resolve,
        reject,
        deadline: setTimeout(() => {
          if (pd.remove(entry))
            reject(
              this.fault(
                'expired',
                `${command.kind} to PD ${address} expired in the queue`,
                address,
              ),
            );
        }, this.settings.commandDeadlineMs),
      };
      pd.queue.push(entry);
      this.waker.wake();
    });
  }

  /**
   * How long ago the poll loop last came round, in ms; null when stopped. It comes round every
   * poll interval plus the slowest transaction (a few hundred ms): far more means it is stuck (a
   * write that never completes, say), which no fault reports.
   */
  loopAgeMs(): number | null {
    return this.running ? performance.now() - this.lastTurnAt : null;
  }

  /**
   * Cycles start one poll interval apart, counted from the start of the last (not its end): a
   * card read by a PD's reader then waits at most one interval for the poll that collects it,
   * whatever the round trips took. A cycle longer than the interval is followed at once.
   */
  private async loop(): Promise<void> {
    while (this.running) {
      const cycleStartedAt = performance.now();
      this.lastTurnAt = cycleStartedAt;
      try {
        await this.cycle();
      } catch (err) {
        this.report(err instanceof Error ? err : new Error(String(err)));
      }
      const rest = this.settings.pollIntervalMs - (performance.now() - cycleStartedAt);
      if (this.running && rest > 0 && !this.hasQueuedCommand()) await this.waker.sleep(rest);
    }
  }

  private hasQueuedCommand(): boolean {
    for (const pd of this.pds.values())
      if (pd.state === 'online' && pd.queue.length > 0) return true;
    return false;
  }

  private async cycle(): Promise<void> {
    for (const pd of this.pds.values()) {
      if (!this.running || !this.transport.isOpen) return;
      if (pd.state !== 'online') {
        if (Date.now() >= pd.nextProbeAt) await this.discover(pd);
        continue;
      }
      const entry = pd.takeNext();
      if (entry) await this.runCommand(pd, entry);
      else await this.poll(pd);
    }
  }

  // OSDP v2.2: an ACU learns a PD with osdp_ID and osdp_CAP, starting from sequence number 0.
  private async discover(pd: OsdpPdState): Promise<void> {
    pd.resetSequence();
    const opts = pd.state === 'unknown' ? this.txOptions : { ...this.txOptions, retries: 0 };
    const id = await runOsdpTransaction(
      this.bus,
      pd,
      encodeOsdpCommand({ kind: 'id', replyType: 0 }),
      opts,
    );
    if (id.kind === 'no-reply') return this.goOffline(pd, 'no-reply');
    if (id.kind === 'transport' || id.kind === 'stopped') return;
    const cap = await runOsdpTransaction(
      this.bus,
      pd,
      encodeOsdpCommand({ kind: 'cap', replyType: 0 }),
      opts,
    );
    if (cap.kind === 'no-reply') return this.goOffline(pd, 'no-reply');
    if (cap.kind === 'transport' || cap.kind === 'stopped') return;
    pd.info = {
      ...(id.kind === 'reply' && id.reply.kind === 'pdid' ? { id: id.reply.id } : {}),
      ...(cap.kind === 'reply' && cap.reply.kind === 'pdcap'
        ? { capabilities: cap.reply.capabilities }
        : {}),
    };
    pd.state = 'online';
    this.logger.info({ address: pd.address, ...pd.info }, 'door link: PD online');
    this.safeEmit('pd-online', pd.address, pd.info);
  }

  private async poll(pd: OsdpPdState): Promise<void> {
    const outcome = await runOsdpTransaction(this.bus, pd, POLL_PAYLOAD, this.txOptions);
    this.reportRestart(pd);
    if (outcome.kind === 'no-reply') return this.goOffline(pd, 'no-reply');
    if (outcome.kind === 'bad-reply')
      this.logger.warn({ address: pd.address, ...outcome }, 'door link: bad reply to osdp_POLL');
    if (outcome.kind !== 'reply' || outcome.reply.kind === 'ack') return;
    if (outcome.reply.kind === 'nak')
      this.logger.warn(
        { address: pd.address, reason: outcome.reply.reason },
        'door link: osdp_POLL refused',
      );
    else this.news(pd.address, outcome.reply);
  }

  // News in a reply to osdp_POLL: always 'pd-reply', and reader events also as typed events.
  private news(address: number, reply: OsdpReply): void {
    this.safeEmit('pd-reply', address, reply);
    const card = cardReadOf(address, reply);
    if (card) this.safeEmit('card-read', card);
    const keys = keypadEntryOf(address, reply);
    if (keys) this.safeEmit('keypad', keys);
  }

  private async runCommand(pd: OsdpPdState, entry: QueuedCommand): Promise<void> {
    const outcome = await runOsdpTransaction(
      this.bus,
      pd,
      encodeOsdpCommand(entry.command),
      this.txOptions,
    );
    this.reportRestart(pd);
    if (outcome.kind === 'reply' && outcome.reply.kind !== 'nak') {
      if (outcome.reply.kind === 'com') {
        const err = await followComSettings(this.transport, this.logger, pd.address, outcome.reply);
        if (err) this.report(err);
      }
      return entry.resolve(outcome.reply);
    }
    entry.reject(
      faultOfTransaction(pd.address, entry.command.kind, outcome, this.settings.retries),
    );
    if (outcome.kind === 'no-reply') this.goOffline(pd, 'no-reply');
  }

  private reportRestart(pd: OsdpPdState): void {
    if (!pd.takeRestart() || pd.state !== 'online') return;
    this.logger.warn({ address: pd.address }, 'door link: PD restarted (sequence NAK)');
    this.safeEmit('pd-restarted', pd.address);
  }

  private goOffline(pd: OsdpPdState, reason: OsdpPdOfflineReason, fault?: DoorLinkFault): void {
    const was = pd.state;
    pd.state = 'offline';
    pd.resetSequence();
    pd.nextProbeAt = reason === 'transport-lost' ? 0 : Date.now() + this.settings.offlineProbeMs;
    pd.rejectAll(fault ?? this.fault('offline', `PD ${pd.address} went offline`, pd.address));
    if (was === 'offline') return;
    this.logger.warn({ address: pd.address, reason }, 'door link: PD offline');
    this.safeEmit('pd-offline', pd.address, reason);
  }

  private onTransportLost(fault: DoorLinkFault): void {
    this.bus.abort({ kind: 'transport', fault });
    for (const pd of this.pds.values())
      this.goOffline(
        pd,
        'transport-lost',
        new DoorLinkFault('transport', fault.message, { address: pd.address, cause: fault }),
      );
    this.safeEmit('transport-lost', fault);
  }

  private onTransportRestored(): void {
    this.safeEmit('transport-restored');
    this.waker.wake();
  }

  private fault(code: DoorLinkFaultCode, message: string, address: number): DoorLinkFault {
    return new DoorLinkFault(code, message, { address });
  }

  // A throwing listener must not stop the poll loop.
  private safeEmit<E extends keyof OsdpAcuEvents>(event: E, ...args: OsdpAcuEvents[E]): void {
    try {
      (this.emit as (e: E, ...a: OsdpAcuEvents[E]) => boolean)(event, ...args);
    } catch (err) {
      this.report(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private report(err: Error): void {
    this.logger.error({ err }, 'door link: internal error');
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }
}
