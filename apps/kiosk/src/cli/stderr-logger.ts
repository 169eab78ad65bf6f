import type { LoggerService } from '@nestjs/common';

/**
 * The CLI's logger: warnings and errors on standard error, so standard output stays the
 * command's answer (JSON with --json) and can be piped.
 */
export class StderrLogger implements LoggerService {
  log(): void {}
  debug(): void {}
  verbose(): void {}

  warn(message: unknown, context?: string): void {
    this.write('warning', message, context);
  }

  error(message: unknown, ...params: unknown[]): void {
    // Nest logs an error that stops the application context here (context 'ExceptionHandler',
    // the last parameter) and then throws it; cli.ts reports it once, with its exit code.
    const context = params.at(-1);
    if (context === 'ExceptionHandler') return;
    this.write('error', message, typeof context === 'string' ? context : undefined);
  }

  private write(level: string, message: unknown, context?: string): void {
    const text = message instanceof Error ? message.message : String(message);
    process.stderr.write(`kiosk: ${level}: ${text}${context ? ` [${context}]` : ''}\n`);
  }
}
