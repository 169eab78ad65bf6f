import { DENY_REASONS } from '../access/access-decision';
import { deniedText, welcomeText } from './door-messages';

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

  it('welcomes by display name', () => {
    expect(welcomeText('Ada')).toEqual(['Welcome', 'Ada']);
  });
});
