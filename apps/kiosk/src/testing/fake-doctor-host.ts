import type {
  CommandRun,
  DiskSpace,
  DoctorHost,
  FileStatus,
  StatOutcome,
} from '../doctor/doctor-host';

const GiB = 1024 ** 3;

/**
 * A machine for the doctor's specs: files by path with their mode and owner, accounts in
 * /etc/passwd and /etc/group, a disk, the output of each command, a clock. What is not set up is
 * not there: a missing file, an unknown command ('not-found').
 */
export class FakeDoctorHost implements DoctorHost {
  private readonly stats = new Map<string, StatOutcome>();
  private readonly texts = new Map<string, string>();
  private readonly commands = new Map<string, CommandRun>();
  readonly runs: string[] = [];
  disk: DiskSpace | { error: string } = { totalBytes: 32 * GiB, availableBytes: 20 * GiB };
  time = new Date('2027-03-01T12:00:00Z');
  private user = 'installer';

  constructor() {
    this.texts.set('/etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n');
    this.texts.set('/etc/group', 'root:x:0:\n');
    this.stats.set('/', this.entry('directory', 0o755, 0, 0));
  }

  /** An account: a line in /etc/passwd, its own group, and membership of `groups` (name:gid). */
  account(name: string, uid: number, groups: Record<string, number> = {}): this {
    this.texts.set(
      '/etc/passwd',
      `${this.texts.get('/etc/passwd')}${name}:x:${uid}:${uid}::/:/bin/sh\n`,
    );
    let group = `${this.texts.get('/etc/group')}${name}:x:${uid}:\n`;
    for (const [g, gid] of Object.entries(groups)) {
      const line = new RegExp(`^${g}:x:${gid}:(.*)$`, 'm');
      group = line.test(group)
        ? group.replace(
            line,
            (_all, members: string) => `${g}:x:${gid}:${members ? `${members},` : ''}${name}`,
          )
        : `${group}${g}:x:${gid}:${name}\n`;
    }
    this.texts.set('/etc/group', group);
    return this;
  }

  /** A group nobody is in yet (dialout on a fresh system). */
  group(name: string, gid: number): this {
    this.texts.set('/etc/group', `${this.texts.get('/etc/group')}${name}:x:${gid}:\n`);
    return this;
  }

  /** Runs the doctor as this user. */
  runAs(name: string): this {
    this.user = name;
    return this;
  }

  file(path: string, mode: number, uid: number, gid = uid, size = 32): this {
    this.stats.set(path, this.entry('file', mode, uid, gid, size));
    return this;
  }

  directory(path: string, mode: number, uid: number, gid = uid): this {
    this.stats.set(path, this.entry('directory', mode, uid, gid));
    return this;
  }

  device(path: string, mode: number, uid: number, gid: number): this {
    this.stats.set(path, this.entry('character-device', mode, uid, gid));
    return this;
  }

  text(path: string, text: string): this {
    this.texts.set(path, text);
    return this;
  }

  /** What `command args…` answers. */
  answer(commandLine: string, run: CommandRun): this {
    this.commands.set(commandLine, run);
    return this;
  }

  stat(path: string): StatOutcome {
    return this.stats.get(path) ?? 'missing';
  }
  readText(path: string): string | null {
    return this.texts.get(path) ?? null;
  }
  diskSpace(): DiskSpace | { error: string } {
    return this.disk;
  }
  run(command: string, args: readonly string[]): Promise<CommandRun> {
    const line = [command, ...args].join(' ');
    this.runs.push(line);
    return Promise.resolve(this.commands.get(line) ?? { error: 'not-found' });
  }
  now(): Date {
    return this.time;
  }
  currentUser(): string {
    return this.user;
  }

  private entry(
    kind: FileStatus['kind'],
    mode: number,
    uid: number,
    gid: number,
    size = 0,
  ): FileStatus {
    return { kind, mode, uid, gid, size, mtimeMs: 0 };
  }
}
