import { ApiPropertyOptional } from '../openapi/openapi.decorators';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from '../validation/class-validator';
import { DomainError } from '../errors/domain-error';

/** Where a page ends: the (name, id) of its last item, opaque to clients. */
export interface PagePosition {
  name: string;
  id: string;
}

/** ?limit=&cursor=&name= of a list sorted by name. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 400)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Only items whose name contains this (any case)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null: this was the last. */
  next: string | null;
}

export class InvalidCursorError extends DomainError {
  constructor() {
    super('invalid-input', 'cursor is not one this API gave');
    this.name = 'InvalidCursorError';
  }
}

export const encodeCursor = (at: PagePosition): string =>
  Buffer.from(JSON.stringify([at.name, at.id]), 'utf8').toString('base64url');

export function decodeCursor(cursor: string): PagePosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return { name: value[0] as string, id: value[1] as string };
  } catch {
    // refused below
  }
  throw new InvalidCursorError();
}

/** The page of `items` (sorted by name, then id) after the query's cursor, by the query's name. */
export function pageOf<T extends { id: string; name: string }>(
  items: readonly T[],
  query: PageQuery,
): Page<T> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const limit = query.limit ?? 50;
  const name = query.name?.toLowerCase();
  // Ordered here as well as by the caller's SQL: JavaScript and SQLite order some characters
  // differently, and the cursor compares in JavaScript.
  const sorted = [...items].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const rest = sorted.filter(
    (item) =>
      (!after || item.name > after.name || (item.name === after.name && item.id > after.id)) &&
      (name === undefined || item.name.toLowerCase().includes(name)),
  );
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return { items: page, next: rest.length > limit && last ? encodeCursor(last) : null };
}
