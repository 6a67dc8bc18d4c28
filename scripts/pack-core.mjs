// @ts-check
// scripts/pack-core.mjs — makes the npm package of the core's JavaScript API (docs/package.md):
// stages the manifest and README of wasm/package/ with every wasm/*.js, wasm/*.d.ts and the
// built wasm/build/*.{js,wasm} into a folder laid out like wasm/ (so index.js, trainer.js and
// load.js find ./build/… unchanged), and runs `npm pack` there. The manifest's "files" decides
// what the tarball holds; this script copies more on purpose, so a file missing from "files"
// is a packaging bug tests/package/package.test.mjs catches.
// It builds nothing (run `npm run build:wasm` first), installs nothing and publishes nothing.
//
//   node scripts/pack-core.mjs [--out DIR] [--stage DIR]
//     --out    where the tarball goes (default build/), e.g. build/attention-lab-core-0.1.0.tgz
//     --stage  the package folder to assemble (default build/package/; emptied first)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WASM = join(ROOT, 'wasm');
/** The built modules the package cannot work without: both modules, SIMD and scalar. */
export const BUILT = ['attention_core', 'attention_core_scalar', 'attention_trainer', 'attention_trainer_scalar'].flatMap((m) => [`${m}.js`, `${m}.wasm`]);

/** @typedef {{ tarball: string, size: number, unpackedSize: number, files: { path: string, size: number }[] }} Packed */
/**
 * Assembles `stage` and packs it into `out`. Returns npm's report of the tarball:
 * { tarball (absolute path), size (bytes), unpackedSize, files: [{ path, size }] }.
 * @returns {Packed}
 */
export function packCore({ out = join(ROOT, 'build'), stage = join(ROOT, 'build', 'package') } = {}) {
  const missing = BUILT.filter((f) => !existsSync(join(WASM, 'build', f)));
  if (missing.length > 0) throw new Error(`pack-core: wasm/build/ lacks ${missing.join(', ')}; run npm run build:wasm first`);

  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'build'), { recursive: true });
  mkdirSync(out, { recursive: true });
  for (const f of ['package.json', 'README.md']) cpSync(join(WASM, 'package', f), join(stage, f));
  // The repository's license (npm packs a LICENSE file whatever "files" says).
  cpSync(join(ROOT, 'LICENSE'), join(stage, 'LICENSE'));
  for (const f of readdirSync(WASM).filter((n) => n.endsWith('.js') || n.endsWith('.d.ts'))) cpSync(join(WASM, f), join(stage, f));
  for (const f of readdirSync(join(WASM, 'build')).filter((n) => /\.(js|wasm)$/.test(n))) cpSync(join(WASM, 'build', f), join(stage, 'build', f));

  const json = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', resolve(out)], {
    cwd: stage,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  /** @type {{ filename: string, size: number, unpackedSize: number, files: { path: string, size: number }[] }[]} npm pack --json */
  const [report] = JSON.parse(json);
  return {
    tarball: join(resolve(out), report.filename),
    size: report.size,
    unpackedSize: report.unpackedSize,
    files: report.files.map(({ path, size }) => ({ path, size })),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  /** @type {{ out?: string, stage?: string }} */
  const options = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if ((flag !== '--out' && flag !== '--stage') || value === undefined) {
      console.error('usage: node scripts/pack-core.mjs [--out DIR] [--stage DIR]');
      process.exit(2);
    }
    options[/** @type {'out' | 'stage'} */ (flag.slice(2))] = resolve(value);
  }
  const r = packCore(options);
  for (const f of r.files) console.log(`${String(f.size).padStart(9)}  ${f.path}`);
  console.log(`${r.tarball}: ${r.size} bytes packed, ${r.unpackedSize} unpacked, ${r.files.length} files`);
}
