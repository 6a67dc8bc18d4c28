// wasm/bindings_common.cpp — the Embind functions every WASM module has (the lessons' module
// and the trainer's, wasm/CMakeLists.txt): `_rawSimd`, the instruction sets Eigen vectorizes
// with in this build, and `_rawHeapBytes`, the diagnostics behind heapBytes() (bytes malloc has
// handed out and not yet freed, and the size of the linear memory). It computes no math and
// reads no JS input.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <string>

#include "attn/simd.hpp"

using emscripten::val;

namespace {

std::string raw_simd() { return attn::simd_instruction_sets(); }

// For the leak tests (heapBytes()): the linear memory grows and never shrinks.
val raw_heap_bytes() {
  const struct mallinfo info = mallinfo();
  val out = val::object();
  out.set("allocated", static_cast<double>(info.uordblks));
  out.set("memory", static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0);
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(attention_common) {
  emscripten::function("_rawSimd", &raw_simd);
  emscripten::function("_rawHeapBytes", &raw_heap_bytes);
}
