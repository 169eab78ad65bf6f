import { Injectable } from '@nestjs/common';

export type ServicePhase = 'starting' | 'ready' | 'stopping';

/**
 * Where the service is in its life: starting (configuration, migrations, doors, then readers),
 * ready once the first tap can be decided (everything started and the API listening), stopping
 * from the first shutdown signal. Health's readiness reads it; so will systemd's notification.
 */
@Injectable()
export class ServiceState {
  private current: ServicePhase = 'starting';
  private readySince: Date | null = null;
  private stopSignal: string | null = null;

  get phase(): ServicePhase {
    return this.current;
  }

  get since(): Date | null {
    return this.readySince;
  }

  ready(): void {
    if (this.current !== 'starting') return;
    this.current = 'ready';
    this.readySince = new Date();
  }

  /** Why it stops: the signal, for the record of the stop. */
  get signal(): string | null {
    return this.stopSignal;
  }

  stopping(signal: string | null = null): void {
    this.current = 'stopping';
    this.stopSignal = signal;
  }
}
