import { FailedAuthLimiter } from './failed-auth-limiter';

describe('FailedAuthLimiter', () => {
  it('refuses a client after 10 failures within a minute, and lets it in again a minute later', () => {
    const limiter = new FailedAuthLimiter();
    for (let i = 0; i < 9; i++) limiter.recordFailure('10.0.0.1', 1000 + i);
    expect(() => limiter.assertAllowed('10.0.0.1', 2000)).not.toThrow();
    limiter.recordFailure('10.0.0.1', 2000);
    expect(() => limiter.assertAllowed('10.0.0.1', 2001)).toThrow(
      /Too many failed authentications/,
    );
    expect(() => limiter.assertAllowed('10.0.0.2', 2001)).not.toThrow(); // per client
    expect(() => limiter.assertAllowed('10.0.0.1', 1000 + 60_000)).not.toThrow(); // window passed
  });
});
