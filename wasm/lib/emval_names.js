// wasm/lib/emval_names.js — an Emscripten JS library (--js-library) for both modules: the names the
// bindings hand to Embind as C strings (property names such as "rows", "data", "weights", and
// method names such as "slice" and "set") become JS strings once per address instead of once
// per use. Embind's own getStringOrSymbol reads every such name from the heap again, a string
// built a character at a time: a lesson's core call returns tens of matrices, and those strings
// were ~25 KB of garbage per recompute (the masking lesson's causal switch, sampled in Chromium).
// A kept name is returned only while the bytes at its address still spell it, so a name that
// is not a literal (none is today) would be read again, never mistaken. It converts names
// only: values, arrays and the bindings' checks are untouched. It replaces Embind's
// $getStringOrSymbol of Emscripten 3.1.6 (src/embind/emval.js), the same body plus the kept names;
// tests/wasm checks that the built glue has it.
mergeInto(LibraryManager.library, {
  $emval_names: {},
  $getStringOrSymbol__deps: ['$emval_symbols', '$emval_names', '$readLatin1String'],
  $getStringOrSymbol: function (address) {
    var symbol = emval_symbols[address];
    if (symbol !== undefined) return symbol;
    var kept = emval_names[address];
    if (kept !== undefined) {
      var i = 0;
      while (i < kept.length && HEAPU8[address + i] === kept.charCodeAt(i)) i++;
      if (i === kept.length && HEAPU8[address + i] === 0) return kept;
    }
    var name = readLatin1String(address);
    emval_names[address] = name;
    return name;
  },
});
