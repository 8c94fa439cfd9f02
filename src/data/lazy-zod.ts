/**
 * zod on first use. Importing zod and building the schemas costs tens of milliseconds at every
 * start, while the default scorer validates nothing at load (its data files were validated by
 * the build, see trusted.ts). Schemas are declared with `lazySchema`: a stand-in that builds
 * the real schema, and loads zod, the first time anything asks for one of its properties.
 *
 * zod is loaded synchronously. Where Node can `require` an ES module (20.19+, 22.12+), the ES
 * build of zod is required: the very instance `import 'zod'` gives the rest of the package (no
 * second copy to load). Elsewhere the CommonJS build.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Zod from 'zod';

export type ZodApi = typeof Zod.z;

let zod: ZodApi | undefined;

/** The zod namespace, loaded on the first call. */
export function loadZod(): ZodApi {
  if (zod) return zod;
  const require = createRequire(import.meta.url);
  let mod: typeof Zod | undefined;
  if ((process.features as { require_module?: boolean }).require_module && typeof import.meta.resolve === 'function') {
    try {
      const url = import.meta.resolve('zod');
      if (url.startsWith('file:')) mod = require(fileURLToPath(url)) as typeof Zod;
    } catch {
      mod = undefined;
    }
  }
  mod ??= require('zod') as typeof Zod;
  zod = mod.z;
  return zod;
}

const builders = new WeakMap<object, () => Zod.ZodType>();

/**
 * A schema built (and zod loaded) on first use. The result stands for the schema everywhere:
 * `.parse`, `.safeParse`, `z.output<typeof s>`, composition in other schemas.
 */
export function lazySchema<S extends Zod.ZodType>(build: (z: ZodApi) => S): S {
  let schema: S | undefined;
  const real = (): S => (schema ??= build(loadZod()));
  // Methods are handed out bound to the real schema, one bound copy per method.
  const bound = new Map<PropertyKey, { of: unknown; fn: unknown }>();
  const proxy = new Proxy({} as S, {
    get(_target, key) {
      const s = real();
      const value: unknown = Reflect.get(s, key, s);
      if (typeof value !== 'function') return value;
      let b = bound.get(key);
      if (b?.of !== value) {
        b = { of: value, fn: (value as (...args: unknown[]) => unknown).bind(s) };
        bound.set(key, b);
      }
      return b.fn;
    },
    has: (_target, key) => Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    set: (_target, key, value) => Reflect.set(real(), key, value),
  });
  builders.set(proxy, real);
  return proxy;
}

/** The real schema behind a `lazySchema` (the schema itself for any other). */
export function realSchema<S extends Zod.ZodType>(schema: S): S {
  const real = builders.get(schema);
  return real ? (real() as S) : schema;
}
