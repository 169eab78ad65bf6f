import type { ValueTransformer } from 'typeorm';

/** Dates are stored as ISO-8601 UTC text with milliseconds: sortable, readable in sqlite3. */
export const isoDate: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.toISOString()),
  from: (value: string | null) => (value == null ? null : new Date(value)),
};

/** For the raw SQL writes: the same text form the transformer gives. */
export const isoOrNull = (value: Date | null): string | null =>
  value === null ? null : value.toISOString();

/** For rows read with prepared statements: the Date of the stored text. */
export const dateOrNull = (text: string | null): Date | null =>
  text === null ? null : new Date(text);
