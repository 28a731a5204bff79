/** The one list of the reference router's dialects (cli/<dialect>/index.ts each builds one). */
import { DialectRegistry, type Dialect } from './registry';
import { freertrDialect } from './freertr';
import { vrpDialect } from './vrp';
import { iosxeDialect } from './iosxe';
import { srlinuxDialect } from './srlinux';
import { linuxDialect } from './linux';

/**
 * A dialect built on its first device: a lab of freeRtr routers does not build the VRP, IOS XE
 * and SR Linux command tables (Lab.create's cost, issue 9's bench). Its name must be the one the
 * built dialect gives itself.
 */
export function lazyDialect(name: string, make: () => Dialect): Dialect {
  let built: Dialect | undefined;
  return {
    name,
    createDevice: (node, platform) => {
      if (!built) {
        const d = make();
        if (d.name !== name) throw new Error(`dialect '${name}' builds a dialect named '${d.name}'`);
        built = d;
      }
      return built.createDevice(node, platform);
    },
  };
}

export function defaultDialects(): DialectRegistry {
  return new DialectRegistry([
    lazyDialect('freertr', freertrDialect),
    lazyDialect('vrp', vrpDialect),
    lazyDialect('iosxe', iosxeDialect),
    lazyDialect('srlinux', srlinuxDialect),
    lazyDialect('linux', linuxDialect),
  ]);
}
