import { DENY_REASONS } from '../access/access-decision';
import { IDLE_TEXT, OUT_OF_SERVICE_TEXT, deniedText, idleText, welcomeText } from './door-messages';

describe('door messages', () => {
  it.each(DENY_REASONS)('fits the denial for %s on a 16-character line', (reason) => {
    const [first, second] = deniedText(reason);
    expect(first).toBe('Access denied');
    expect(second.length).toBeLessThanOrEqual(16);
  });

  it('says nothing about why for revoked and suspended cards', () => {
    expect(deniedText('revoked')[1]).toBe('');
    expect(deniedText('suspended')[1]).toBe('');
  });

  it('rests on "Present card", and says when the clock keeps some or everyone out', () => {
    expect(idleText(false, 'none')).toEqual(IDLE_TEXT);
    expect(idleText(false, 'some-denied')).toEqual(['Present card', 'Clock not set']);
    expect(idleText(false, 'all-denied')).toEqual(['Out of service', 'Clock not set']);
    // A door that cannot answer at all says so first.
    expect(idleText(true, 'some-denied')).toEqual(OUT_OF_SERVICE_TEXT);
    expect(idleText(true, 'none')).toEqual(OUT_OF_SERVICE_TEXT);
  });

  it('welcomes by display name', () => {
    expect(welcomeText('Ada')).toEqual(['Welcome', 'Ada']);
  });
});
