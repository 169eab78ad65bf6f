import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Why the PAN key file can be neither read nor created, or null. Only looks: nothing is created
 * (the key is made at the service's first start, secrets/key-file.ts), so `kiosk config check`
 * may run anywhere.
 */
export function panKeyFileProblem(path: string): string | null {
  const file = statOf(path);
  if (file === 'missing') return creatable(path);
  if ('error' in file) return `the PAN key file ${path} cannot be read (${file.error})`;
  if (!file.isFile()) return `the PAN key file ${path} is not a file`;
  return null;
}

/** The file would be made in its directory, and that directory (mkdir -p) in its nearest ancestor. */
function creatable(path: string): string | null {
  let dir = dirname(resolve(path));
  for (;;) {
    const found = statOf(dir);
    if (found !== 'missing') {
      const cannot = `the PAN key file ${path} cannot be created`;
      if ('error' in found) return `${cannot} (${dir}: ${found.error})`;
      if (!found.isDirectory()) return `${cannot} (${dir} is not a directory)`;
      try {
        accessSync(dir, constants.W_OK | constants.X_OK);
        return null;
      } catch (err) {
        return `${cannot} (${dir} is not writable: ${(err as NodeJS.ErrnoException).code})`;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function statOf(path: string): Stats | 'missing' | { error: string } {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    // ENOTDIR: a file where a directory of the path should be; found walking up.
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : { error: code };
  }
}
