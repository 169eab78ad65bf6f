import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { StoredAuditRecord } from './audit-event';

/**
 * The one in-process stream of audit records, each emitted once it is committed, in sequence
 * order. Server-sent events read it now; MQTT and webhooks will read the same stream.
 */
@Injectable()
export class AuditStream extends EventEmitter<{ record: [StoredAuditRecord] }> {
  constructor() {
    super();
    // Every SSE client is one listener; a terminal may have a handful of consoles open.
    this.setMaxListeners(100);
  }
}
