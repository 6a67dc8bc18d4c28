/* wasm/compat/mmintrin.h — an empty stand-in for clang's MMX header.
 * Emscripten's SSE emulation (xmmintrin.h … smmintrin.h) has no MMX, but Eigen 3.4.0's
 * SSE path includes <mmintrin.h> unconditionally. Nothing in the core uses MMX (__m64), so an
 * empty header is enough. Only on the include path of the WASM SIMD build (CMakeLists.txt). */
#pragma once
