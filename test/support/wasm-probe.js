// Loaded into a spawned gateway with `node --import` (test/integration/pglite-preload.test.ts):
// records, one JSON line per call in the file WASM_PROBE_FILE names, every WebAssembly.compile
// and WebAssembly.instantiate the process makes: the size of the bytes or whether the module
// given was one WebAssembly.compile made, and which of our files (src/...) made the call.
// Observes only: each call goes on to the real function with its own arguments.
import { appendFileSync } from 'node:fs';

const file = process.env.WASM_PROBE_FILE;
const { compile, instantiate } = WebAssembly;
/** Modules WebAssembly.compile made, and their byte sizes. */
const compiled = new WeakMap();
const ours = () =>
  /\/(src\/[^:)\s]+)/.exec(
    new Error().stack
      ?.split('\n')
      .slice(3)
      .find((line) => /\/src\//.test(line)) ?? '',
  )?.[1] ?? null;
const record = (entry) => file && appendFileSync(file, `${JSON.stringify(entry)}\n`);

WebAssembly.compile = function probedCompile(bytes) {
  const size = bytes.byteLength;
  const from = ours();
  return compile.call(this, bytes).then((module) => {
    compiled.set(module, size);
    record({ call: 'compile', bytes: size, from });
    return module;
  });
};
WebAssembly.instantiate = function probedInstantiate(source, imports) {
  if (source instanceof WebAssembly.Module) record({ call: 'instantiate', module: compiled.get(source) ?? 'not from compile' });
  else record({ call: 'instantiate', bytes: source.byteLength });
  return instantiate.call(this, source, imports);
};
