import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
/** libfaketime (Debian faketime): preloaded into a kiosk process to set its clock. */
export const LIBFAKETIME = `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/faketime/libfaketime.so.1`;

const REQUIRED: Array<{ what: string; found: () => boolean; install: string }> = [
  { what: 'pcscd', found: () => onPath('pcscd'), install: 'pcscd' },
  {
    what: 'the vpcd virtual reader driver',
    found: () => existsSync(VPCD_DRIVER),
    install: 'vsmartcard-vpcd',
  },
  { what: 'socat', found: () => onPath('socat'), install: 'socat' },
  { what: 'libfaketime', found: () => existsSync(LIBFAKETIME), install: 'faketime' },
];

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Fails with the Debian packages to install, rather than with a confusing timeout later. */
export function requireSystemTools(): void {
  const missing = REQUIRED.filter((tool) => !tool.found());
  if (missing.length > 0) {
    throw new Error(
      `End-to-end tests need ${missing.map((m) => m.what).join(', ')}: ` +
        `apt-get install ${missing.map((m) => m.install).join(' ')} (or run scripts/test-all.sh)`,
    );
  }
  if (!existsSync('dist/apps/kiosk/src/main.js')) {
    throw new Error(
      'End-to-end tests run the built kiosk: run `npm run build` first (scripts/test-all.sh does)',
    );
  }
}
