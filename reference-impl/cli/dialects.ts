/** The one list of the reference router's dialects (cli/<dialect>/index.ts each builds one). */
import { DialectRegistry } from './registry';
import { freertrDialect } from './freertr';
import { vrpDialect } from './vrp';
import { iosxeDialect } from './iosxe';
import { srlinuxDialect } from './srlinux';
import { linuxDialect } from './linux';

export function defaultDialects(): DialectRegistry {
  return new DialectRegistry([freertrDialect(), vrpDialect(), iosxeDialect(), srlinuxDialect(), linuxDialect()]);
}
