/**
 * How long tests hold a virtual card on the reader. pcscd polls vpcd for card presence every
 * 400 ms (PCSCLITE_STATUS_POLL_RATE), so a shorter hold can leave before the kiosk connects:
 * that is recorded as an incomplete read, and a loaded machine makes it likely.
 */
export const TAP_HOLD_MS = 1200;

/** Polls until `probe` returns a value other than undefined, or fails naming what it waited for. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
