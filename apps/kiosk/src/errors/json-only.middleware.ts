import { Injectable, type NestMiddleware, UnsupportedMediaTypeException } from '@nestjs/common';

interface HttpRequest {
  method: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  is(type: string): string | false | null;
}

/** The routes that take a file as text/csv instead of JSON (parsed as text, up to CSV_BODY_LIMIT). */
export const CSV_ROUTES = ['/api/v1/holders/import'];
export const CSV_BODY_LIMIT = '64mb';

/**
 * The API speaks JSON: a request that carries a body of another type is answered 415 before
 * any route sees it (it would otherwise reach the DTO checks empty and read as missing fields).
 * A POST without a body (an unlock) needs no content type. The CSV routes take text/csv only.
 */
@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(request: HttpRequest, _response: unknown, next: () => void): void {
    const length = Number(request.headers['content-length'] ?? 0);
    const hasBody = length > 0 || request.headers['transfer-encoding'] !== undefined;
    const csv = CSV_ROUTES.includes(request.originalUrl.split('?')[0] ?? '');
    if (hasBody && csv && !request.is('text/csv'))
      throw new UnsupportedMediaTypeException('This route takes a text/csv body');
    if (hasBody && !csv && !request.is('application/json'))
      throw new UnsupportedMediaTypeException('The API accepts application/json bodies only');
    next();
  }
}
