import { Readable } from 'node:stream';
import { readPansFromStdin } from './pan-input';

const stdin = (text: string) => Readable.from([text]);

describe('readPansFromStdin', () => {
  it('reads one public test number per line, with spaces and dashes', async () => {
    const pans = await readPansFromStdin(stdin('4111 1111 1111 1111\n\n5555-5555-5555-4444\n'));
    expect(pans.map((p) => p.masked)).toEqual(['**** **** **** 1111', '**** **** **** 4444']);
  });

  it.each([
    ['4111111111111112\n', /line 1 .*luhn-mismatch/],
    ['4111111111111111\nhello\n', /line 2 .*not-digits/],
    ['   \n', /no card number/],
  ])('refuses %j without echoing the digits', async (input, message) => {
    const failure = readPansFromStdin(stdin(input));
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.not.toThrow(/411111111111111/);
  });
});
