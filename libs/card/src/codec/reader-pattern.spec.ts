import { compileReaderPattern } from './reader-pattern';

const matcher = (pattern?: string) => {
  const compiled = compileReaderPattern(pattern);
  if (!compiled.ok) throw new Error(compiled.detail);
  return compiled.matches;
};

describe('compileReaderPattern', () => {
  it.each([
    [undefined, 'anything', true],
    ['', 'anything', true],
    ['acr122', 'ACS ACR122U PICC Interface 00 00', true],
    ['Virtual PCD 00 01', 'Virtual PCD 00 00', false],
    ['/^Virtual PCD 00 0[01]$/', 'Virtual PCD 00 01', true],
    ['/^virtual/', 'Virtual PCD 00 00', false],
    ['/^virtual/i', 'Virtual PCD 00 00', true],
    ['/ACR/g', 'ACS ACR122U', true],
  ])('%j matches %j: %s', (pattern, reader, want) => {
    const matches = matcher(pattern);
    expect(matches(reader)).toBe(want);
    expect(matches(reader)).toBe(want); // no stateful lastIndex
  });

  it('reports a bad regex', () => {
    expect(compileReaderPattern('/(/')).toMatchObject({ ok: false, problem: 'bad-regex' });
  });
});
