// core/src/gru_cell.hpp — private to the GRU model (seq2seq.cpp): one GRU step over a batch and
// its backward, gates stacked [z | r | n] as in attn/seq2seq.hpp. Defined in gru.cpp for float
// and double. They check nothing (callers pass valid shapes) and know nothing of the model.
#pragma once

#include "attn/types.hpp"

namespace attn {
namespace gru {

template <typename S>
using In = Eigen::Ref<const MatT<S>>;
template <typename S>
using Out = Eigen::Ref<MatT<S>>;  // a writable view (a block of a workspace)

// One GRU step over a batch. gx: (B, 3h) = x W^T + b, already including every input term.
//   1. gh = h_prev U_zr^T                       (B, 2h)
//   2. z = σ(gx_z + gh_z), r = σ(gx_r + gh_r)   σ(x) = (1 + tanh(x/2)) / 2: no overflow
//   3. rh = r ⊙ h_prev;  n = tanh(gx_n + rh U_n^T)
//   4. h = n + z ⊙ (h_prev − n)  = (1 − z) ⊙ n + z ⊙ h_prev
// Uzr: (2h, h), Un: (h, h); gh: (B, 2h) scratch; z, r, n, rh, hnew: (B, h).
template <typename S>
void step(const In<S>& gx, const In<S>& hprev, const MatT<S>& Uzr, const MatT<S>& Un, Out<S> gh,
          Out<S> z, Out<S> r, Out<S> n, Out<S> rh, Out<S> hnew);

// Backward of step. dh: (B, h) = dL/dh_new. Writes dgx: (B, 3h) = dL/d(pre-activations)
// [dz_pre | dr_pre | dn_pre] (which is also dL/d(gh) for the first 2h columns) and
// dprev: (B, h) = dL/dh_prev. drh: (B, h) scratch.
template <typename S>
void step_backward(const In<S>& dh, const In<S>& hprev, const In<S>& z, const In<S>& r,
                   const In<S>& n, const MatT<S>& Uzr, const MatT<S>& Un, Out<S> dgx, Out<S> dprev,
                   Out<S> drh);

}  // namespace gru
}  // namespace attn
