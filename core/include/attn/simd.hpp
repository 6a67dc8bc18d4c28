// attn/simd.hpp — which instruction sets Eigen vectorizes with in this build
// (e.g. "SSE, SSE2" in the WASM SIMD build, "None" in the scalar one). Reports; computes nothing.
#pragma once

namespace attn {

const char* simd_instruction_sets();

}  // namespace attn
