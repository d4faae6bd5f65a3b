// The entry of `npm start` (and of every test that spawns a gateway). It only turns on Node's
// on-disk compile cache, then loads the gateway (src/start.ts): from the second start on, the
// modules' type-stripped source and V8 code come from the cache instead of being stripped
// (amaro, a WebAssembly build of swc) and compiled again. Measured in the start-up CPU profile on
// PostgreSQL: type stripping was ~10% of the start's busy CPU and is gone from the profile with
// the cache. The cache lives where NODE_COMPILE_CACHE says, else in the system's temporary
// folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off. Nothing else may be imported statically
// here: static imports load before this module's code runs.
//
// Plain JavaScript on purpose: Node strips the types of a .ts entry before the cache is on, and
// that alone loads the type stripper (amaro, ~200 ms of CPU on every start). With this file in
// JavaScript, a start whose modules are all in the cache never loads it.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./start.ts');
