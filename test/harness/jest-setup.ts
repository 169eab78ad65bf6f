// End-to-end specs start processes and wait on real devices: generous, uniform time limits.
jest.setTimeout(60_000);
