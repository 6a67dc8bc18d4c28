// attn/adam.hpp — the optimiser shared by every trainable model of the core (the GRU of
// attn/seq2seq.hpp and the Transformer of attn/transformer.hpp): Adam with bias correction
// (Kingma & Ba 2015), an optional inverse-sqrt decay of the rate, and global-norm gradient
// clipping, over any list of parameter blocks (matrices of one scalar type, float or double).
// It does not compute gradients, does no I/O and knows nothing of Emscripten. A model passes
// its blocks in one fixed order; the moments follow that order.
#pragma once

#include <string>
#include <vector>

#include "attn/types.hpp"

namespace attn {

struct AdamConfig {
  float lr = 3e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float eps = 1e-8f;
  float clip = 5.0f;  // global gradient-norm ceiling; ≤ 0 disables clipping
  // After this many steps the rate decays as lr · sqrt(decay_after / t) (0: constant). Steps
  // up to decay_after are unaffected; the decay calms Adam's late loss spikes.
  int decay_after = 600;
  // Linear warm-up: for t ≤ warmup the rate is lr · t / warmup (0: none). Post-norm
  // Transformers need a few steps of it; the GRU uses 0 (its default), which changes nothing.
  int warmup = 0;
};
// "" when every field is in range, else a message starting with `fn`.
std::string check_adam_config(const AdamConfig& a, const char* fn = "adam");

// Adam's state: the moments of every block (shaped like the parameters, created on the first
// step) and the running powers of β1, β2.
template <typename S>
struct AdamState {
  std::vector<MatT<S>> m, v;   // one per parameter block, in the caller's order
  S beta1_t = 1, beta2_t = 1;  // β1^t, β2^t
  int t = 0;                   // steps taken
};

// The global L2 norm sqrt(Σ_blocks ‖g‖²), accumulated block by block in the given order; when
// it exceeds max_norm (> 0) every block is scaled by max_norm / norm. Returns the norm before
// clipping. Null pointers are not allowed; empty blocks contribute nothing.
template <typename S>
S clip_grad_norm(const std::vector<MatT<S>*>& grads, S max_norm);

// "" when params and grads have the same number of blocks of pairwise equal shapes (and the
// state, if it has moments, matches them too), else a message starting with `fn`.
template <typename S>
std::string check_adam_step(const AdamConfig& a, const std::vector<MatT<S>*>& params,
                            const std::vector<const MatT<S>*>& grads, const AdamState<S>& st,
                            const char* fn = "adam_step");

// One Adam step over blocks in lockstep (moments created on the first call, t == 0):
//   m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;
//   w ← w − lr_t · (m/(1−β1^t)) / (sqrt(v/(1−β2^t)) + ε)
// with lr_t = lr, times t / warmup while t ≤ warmup, times sqrt(decay_after / t) once
// t > decay_after > 0. Empty blocks are skipped. Throws attn::Error on invalid arguments.
template <typename S>
void adam_step(const AdamConfig& a, const std::vector<MatT<S>*>& params,
               const std::vector<const MatT<S>*>& grads, AdamState<S>& st);

}  // namespace attn
