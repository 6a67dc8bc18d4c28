// core/src/transformer.cpp — the Transformer of attn/transformer.hpp (work in progress: the
// header is the contract; the math follows in the next commits). No I/O, no Emscripten.
#include "attn/transformer.hpp"

namespace attn {

const char* attn_block_name(AttnBlock b) {
  switch (b) {
    case AttnBlock::kEncoder:
      return "encoder";
    case AttnBlock::kDecoder:
      return "decoder";
    case AttnBlock::kCross:
      return "cross";
  }
  return "?";
}

}  // namespace attn
