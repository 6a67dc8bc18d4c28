// @ts-check
// tests/web/i18n.test.mjs — every language of web/content/<lang>/ says the same things as English:
// the same files, and in each file, recursively, the same keys, the same array lengths and the
// same value types; in every string the same {placeholders}, the same $TeX$ spans and the same
// `code` spans (a translation words the text around them, never them); and the fields the code
// parses or the models read (a lesson's data and examples, a lab link's set, a review question's
// lesson and correct answer, the lab's example sentences) are identical. A string that exists in
// one language and not in the other fails here, naming the file and the path.
// It does not judge the quality of a translation; tests/e2e/zh.spec.ts loads the pages.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const CONTENT = fileURLToPath(new URL('../../web/content/', import.meta.url));
const BASE = 'en';

/** Keys whose values are inputs of the code or the models, not text: kept verbatim in every language. */
const VERBATIM = new Set(['data', 'examples', 'set', 'lesson', 'correct', 'examples.translation', 'examples.reversal']);

/** @param {string} s @param {RegExp} re */
const spans = (s, re) => [...s.matchAll(re)].map((m) => m[1]).sort();
/** @param {string} s */
const placeholders = (s) => [...new Set(spans(s, /\{(\w+)\}/g))];
/** @param {string} s */
const math = (s) => spans(s, /\$([^$]+)\$/g);
/** @param {string} s */
const code = (s) => spans(s, /`([^`]+)`/g);

/**
 * A value of a content file.
 * @typedef {null | boolean | number | string | JsonArray | JsonObject} Json
 * @typedef {Json[]} JsonArray
 * @typedef {{ [key: string]: Json }} JsonObject
 */

/**
 * The differences between a translation `b` and English `a`, each as "path: what".
 * @param {Json} a
 * @param {Json} b
 * @returns {string[]}
 */
export function differences(a, b, path = '') {
  const out = [];
  /** @param {Json} x */
  const kind = (x) => (Array.isArray(x) ? 'array' : x === null ? 'null' : typeof x);
  if (kind(a) !== kind(b)) return [`${path || '(root)'}: ${kind(a)} in ${BASE}, ${kind(b)} here`];
  // From here on b is of a's kind, so the casts of b (and of a, where kind() tested it) hold.
  if (Array.isArray(a)) {
    const bs = /** @type {Json[]} */ (b);
    if (a.length !== bs.length) out.push(`${path}: ${a.length} items in ${BASE}, ${bs.length} here`);
    for (let i = 0; i < Math.min(a.length, bs.length); i++) out.push(...differences(a[i], bs[i], `${path}[${i}]`));
  } else if (kind(a) === 'object') {
    const ao = /** @type {{ [key: string]: Json }} */ (a);
    const bo = /** @type {{ [key: string]: Json }} */ (b);
    for (const k of Object.keys(ao)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in bo)) out.push(`${p}: missing here`);
      else if (VERBATIM.has(k)) {
        if (JSON.stringify(ao[k]) !== JSON.stringify(bo[k])) out.push(`${p}: must equal ${BASE} (the code reads it)`);
      } else out.push(...differences(ao[k], bo[k], p));
    }
    for (const k of Object.keys(bo)) if (!(k in ao)) out.push(`${path ? `${path}.${k}` : k}: not in ${BASE}`);
  } else if (typeof a === 'string') {
    const bs = /** @type {string} */ (b);
    for (const [what, f] of /** @type {[string, (s: string) => string[]][]} */ ([
      ['{placeholders}', placeholders],
      ['$math$ spans', math],
      ['`code` spans', code],
    ])) {
      const x = f(a);
      const y = f(bs);
      if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${path}: ${what} differ: ${JSON.stringify(x)} in ${BASE}, ${JSON.stringify(y)} here`);
    }
    if (a.trim() !== '' && bs.trim() === '') out.push(`${path}: empty here`);
  }
  return out;
}

/** The .json files under dir/prefix, relative to dir, sorted. @param {string} dir @returns {string[]} */
function files(dir, prefix = '') {
  return readdirSync(join(dir, prefix))
    .flatMap((name) => {
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(join(dir, rel)).isDirectory() ? files(dir, rel) : [rel];
    })
    .filter((f) => f.endsWith('.json'))
    .sort();
}

const languages = readdirSync(CONTENT).filter((l) => statSync(join(CONTENT, l)).isDirectory() && l !== BASE);
const baseFiles = files(join(CONTENT, BASE));
/** @param {string} lang @param {string} f @returns {Json} */
const read = (lang, f) => JSON.parse(readFileSync(join(CONTENT, lang, f), 'utf8'));

test('there is at least one translation besides English', () => {
  assert.ok(languages.length >= 1, `languages found: ${languages.join(', ') || 'none'}`);
});

test('the checker notices a string missing on either side, a changed placeholder, formula or code span', () => {
  const en = { a: 'Hello {name}, $x^2$ and `f()`', list: ['one', 'two'], data: { s: 'the cat' } };
  assert.deepEqual(differences(en, structuredClone(en)), []);
  assert.match(differences(en, { ...en, extra: 'x' }).join(), /extra: not in en/);
  assert.match(differences({ ...en, only: 'x' }, en).join(), /only: missing here/);
  assert.match(differences(en, { ...en, a: 'Bonjour {nom}, $x^2$ et `f()`' }).join(), /placeholders/);
  assert.match(differences(en, { ...en, a: 'Hello {name}, $x^3$ and `f()`' }).join(), /math/);
  assert.match(differences(en, { ...en, a: 'Hello {name}, $x^2$ and f()' }).join(), /code/);
  assert.match(differences(en, { ...en, list: ['one'] }).join(), /2 items in en, 1 here/);
  assert.match(differences(en, { ...en, data: { s: 'le chat' } }).join(), /must equal en/);
});

for (const lang of languages) {
  test(`${lang} has exactly the files of ${BASE}`, () => {
    assert.deepEqual(files(join(CONTENT, lang)), baseFiles);
  });
  for (const f of baseFiles) {
    test(`${lang}/${f} has the keys, lists, placeholders, formulas and code of ${BASE}/${f}`, (t) => {
      let translated;
      try {
        translated = read(lang, f);
      } catch (e) {
        assert.fail(`${lang}/${f} is missing or not JSON: ${/** @type {Error} */ (e).message}`);
      }
      const diff = differences(read(BASE, f), translated);
      if (diff.length) t.diagnostic(diff.join('\n'));
      assert.deepEqual(diff, []);
    });
  }
}
