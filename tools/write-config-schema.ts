// npm run config:schema (after npm run build): writes kiosk.schema.json at the repository root
// from the one definition of the configuration file (apps/kiosk/src/config/kiosk-file.schema.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kioskFileJsonSchemaText } from '../apps/kiosk/src/config/kiosk-file.schema';

const target = join(__dirname, '..', '..', 'kiosk.schema.json');
writeFileSync(target, kioskFileJsonSchemaText());
console.log(`wrote ${target}`);
