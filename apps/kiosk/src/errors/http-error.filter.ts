import { randomUUID } from 'node:crypto';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { isDomainError } from './domain-error';
import { httpStatusOf } from './http-status';

// The little of Express's request and response used here (the kiosk does not depend on its types).
interface HttpRequest {
  method: string;
  originalUrl: string;
}
interface HttpResponse {
  status(code: number): { json(body: unknown): unknown };
}

/** The body of every error answer that the kiosk itself makes. */
export interface HttpErrorBody {
  statusCode: number;
  /** A DomainErrorCode, 'internal-error', or Nest's word for an HTTP error (e.g. 'not-found'). */
  code: string;
  message: string;
  /** Only on 500: quote it to find the logged error with its stack. */
  correlationId?: string;
  /** What some domain errors add (an import's bad lines). */
  details?: Record<string, unknown>;
}

/**
 * One mapping at the HTTP edge. A domain error becomes its status (http-status.ts) with its code
 * and message; an HttpException (a 404 route, the ValidationPipe, a failing health check) keeps
 * the answer Nest made for it; anything else is a 500 with a correlation id, logged with its stack
 * and cause, and nothing of it in the answer.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@InjectPinoLogger(HttpErrorFilter.name) private readonly logger: PinoLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<HttpResponse>();
    const request = http.getRequest<HttpRequest>();
    if (isDomainError(exception)) {
      const status = httpStatusOf(exception.code);
      this.send(response, status, {
        statusCode: status,
        code: exception.code,
        message: exception.message,
        ...(exception.details ? { details: exception.details } : {}),
      });
      return;
    }
    if (exception instanceof HttpException) {
      // Nest's answer (the ValidationPipe's lists every field and problem), with a code like
      // every other error's: a client tells errors apart by `code` alone.
      const status = exception.getStatus();
      const body = exception.getResponse();
      response.status(status).json({
        ...(typeof body === 'string' ? { statusCode: status, message: body } : body),
        code: codeOfHttpStatus(status),
      });
      return;
    }
    const correlationId = randomUUID();
    this.logger.error(
      { err: exception, correlationId, method: request.method, url: request.originalUrl },
      'request failed with an unexpected error',
    );
    this.send(response, HttpStatus.INTERNAL_SERVER_ERROR, {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'internal-error',
      message: 'Internal error',
      correlationId,
    });
  }

  private send(response: HttpResponse, status: number, body: HttpErrorBody): void {
    response.status(status).json(body);
  }
}

/** The code of an error Nest answered itself (validation, unknown route, body too large, ...). */
function codeOfHttpStatus(status: number): string {
  switch (status) {
    case 400:
      return 'invalid-input';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    default:
      // 'not-found', 'payload-too-large', 'unsupported-media-type', 'too-many-requests', ...
      return (HttpStatus[status] ?? 'http-error').toLowerCase().replace(/_/g, '-');
  }
}
