import { Injectable, type NestMiddleware, UnsupportedMediaTypeException } from '@nestjs/common';

interface HttpRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  is(type: string): string | false | null;
}

/**
 * The API speaks JSON: a request that carries a body of another type is answered 415 before
 * any route sees it (it would otherwise reach the DTO checks empty and read as missing fields).
 * A POST without a body (an unlock) needs no content type.
 */
@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(request: HttpRequest, _response: unknown, next: () => void): void {
    const length = Number(request.headers['content-length'] ?? 0);
    const hasBody = length > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !request.is('application/json'))
      throw new UnsupportedMediaTypeException('The API accepts application/json bodies only');
    next();
  }
}
