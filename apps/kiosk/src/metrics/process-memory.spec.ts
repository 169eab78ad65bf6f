import { anonymousRssBytes } from './process-memory';

describe('anonymousRssBytes', () => {
  it("reads RssAnon from a status file's text, in bytes", () => {
    const status = [
      'Name:\tnode',
      'VmRSS:\t  113664 kB',
      'RssAnon:\t   52224 kB',
      'RssFile:\t   61440 kB',
      'RssShmem:\t       0 kB',
    ].join('\n');
    expect(anonymousRssBytes(status)).toBe(52224 * 1024);
  });

  it('is null when the text has no such line', () => {
    expect(anonymousRssBytes('Name:\tnode\nVmRSS:\t 1 kB\n')).toBeNull();
  });

  it("reads this process's own: above zero, below its whole RSS", () => {
    const anonymous = anonymousRssBytes();
    expect(anonymous).toBeGreaterThan(0);
    expect(anonymous).toBeLessThan(process.memoryUsage().rss);
  });
});
