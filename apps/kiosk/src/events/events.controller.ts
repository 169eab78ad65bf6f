import { Controller, Headers, type MessageEvent, Sse } from '@nestjs/common';
import { Observable } from 'rxjs';
import { Roles } from '../auth/access-control';
import { AuditStream } from '../audit/audit-stream';
import { AuditService } from '../audit/audit.service';
import type { StoredAuditRecord } from '../audit/audit-event';
import { EventsError } from './events.errors';

const CATCH_UP_PAGE = 500;

/** What a client sees of a record: everything but the chain's hashes; `detail` as JSON. */
function eventOf(r: StoredAuditRecord) {
  return {
    seq: r.seq,
    at: r.at,
    type: r.type,
    doorId: r.doorId,
    reader: r.reader,
    credentialKind: r.credentialKind,
    credentialDisplay: r.credentialDisplay,
    holderId: r.holderId,
    outcome: r.outcome,
    reason: r.reason,
    detail: JSON.parse(r.detail) as unknown,
  };
}

/**
 * Live events as server-sent events: each is an audit record, its SSE id the record's sequence
 * number. A client that reconnects with Last-Event-ID first gets every record after it from the
 * log, then the live ones, so it misses nothing; without it, it starts with the next record.
 */
@Controller('events')
@Roles('admin', 'operator', 'auditor')
export class EventsController {
  constructor(
    private readonly stream: AuditStream,
    private readonly audit: AuditService,
  ) {}

  @Sse('stream')
  events(@Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId))
      throw new EventsError('Last-Event-ID is the seq of an event this stream sent');
    return new Observable<MessageEvent>((subscriber) => {
      let last = lastEventId === undefined ? Number.POSITIVE_INFINITY : Number(lastEventId);
      let catchingUp = lastEventId !== undefined;
      const arrived: StoredAuditRecord[] = [];
      const send = (r: StoredAuditRecord) => {
        last = r.seq;
        subscriber.next({ id: String(r.seq), type: r.type, data: eventOf(r) });
      };
      const onRecord = (r: StoredAuditRecord) => {
        if (catchingUp) arrived.push(r);
        else if (last === Number.POSITIVE_INFINITY || r.seq > last) send(r);
      };
      this.stream.on('record', onRecord);
      const catchUp = async () => {
        for (;;) {
          const page = await this.audit.after(last, CATCH_UP_PAGE);
          if (page.length === 0) break;
          for (const r of page) send(r);
        }
        catchingUp = false;
        for (const r of arrived.splice(0)) if (r.seq > last) send(r);
      };
      if (catchingUp) catchUp().catch((err: unknown) => subscriber.error(err));
      return () => this.stream.off('record', onRecord);
    });
  }
}
