// Runs a WebAssembly program built for wasm32-wasip1 (a test binary, say)
// under Node's WASI: the runner `scripts/test-wasm` gives cargo for that target.
//
//     node --no-warnings scripts/wasi-run.mjs program.wasm [arguments…]
//
// The program sees its arguments and this process's environment, and no file
// system (no directory is preopened) and one thread: the tests run here are
// the ones that need neither. Its exit code becomes ours; a panic (wasm32
// aborts on panic) traps, which Node reports as an error, and we exit with 101
// as a failed Rust test binary would.
import { readFile } from 'node:fs/promises';
import { argv, env, exit, stderr } from 'node:process';
import { WASI } from 'node:wasi';

const [program, ...args] = argv.slice(2);
if (!program) {
  stderr.write('usage: node scripts/wasi-run.mjs program.wasm [arguments…]\n');
  exit(2);
}

const wasi = new WASI({
  version: 'preview1',
  args: [program, ...args],
  env,
  returnOnExit: true,
});

try {
  const module = await WebAssembly.compile(await readFile(program));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  exit(wasi.start(instance));
} catch (error) {
  stderr.write(`${program}: ${error.stack ?? error}\n`);
  exit(101);
}
