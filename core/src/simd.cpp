// core/src/simd.cpp — reports Eigen's vectorization for this build (attn/simd.hpp).
#include "attn/simd.hpp"

#include <Eigen/Core>

namespace attn {

const char* simd_instruction_sets() { return Eigen::SimdInstructionSetsInUse(); }

}  // namespace attn
