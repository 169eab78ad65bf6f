import * as index from 'class-validator';
import * as parts from './class-validator';

class Door {
  @parts.IsString()
  @parts.Length(1, 8)
  name!: unknown;

  @parts.IsOptional()
  @parts.IsInt()
  @parts.Min(1)
  board?: unknown;
}

describe("class-validator's parts", () => {
  it("are the very functions the package's index exports", () => {
    const names = Object.keys(parts).filter((name) => name !== 'classValidatorPackage');
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      expect([name, parts[name as keyof typeof parts]]).toEqual([
        name,
        index[name as keyof typeof index],
      ]);
    }
  });

  it("validate as the index's validate does, for the ValidationPipe", async () => {
    const door = Object.assign(new Door(), { name: 'a long door name', board: 0 });
    const options = { whitelist: true, forbidNonWhitelisted: true };
    const ours = await parts.classValidatorPackage.validate(door, options);
    expect(ours.map((e) => [e.property, e.constraints])).toEqual([
      ['name', { isLength: 'name must be shorter than or equal to 8 characters' }],
      ['board', { min: 'board must not be less than 1' }],
    ]);
    expect(ours).toEqual(await index.validate(door, options));
    expect(parts.classValidatorPackage.getMetadataStorage()).toBe(index.getMetadataStorage());
  });
});
