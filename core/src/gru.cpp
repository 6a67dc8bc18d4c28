// core/src/gru.cpp — the GRU cell of the bottleneck lab's model (gru_cell.hpp): one step over a
// batch and its backward, in float and double. Nothing else: the encoder, decoder, attention and
// training live in seq2seq.cpp. No I/O.
#include "gru_cell.hpp"

namespace attn {
namespace gru {

template <typename S>
void step(const In<S>& gx, const In<S>& hprev, const MatT<S>& Uzr, const MatT<S>& Un, Out<S> gh,
          Out<S> z, Out<S> r, Out<S> n, Out<S> rh, Out<S> hnew) {
  const Eigen::Index h = hprev.cols();
  gh.noalias() = hprev * Uzr.transpose();
  z.array() = S(0.5) * ((S(0.5) * (gx.leftCols(h) + gh.leftCols(h)).array()).tanh() + S(1));
  r.array() = S(0.5) * ((S(0.5) * (gx.middleCols(h, h) + gh.rightCols(h)).array()).tanh() + S(1));
  rh.array() = r.array() * hprev.array();
  n.noalias() = rh * Un.transpose();
  n.array() = (n.array() + gx.rightCols(h).array()).tanh();
  hnew.array() = n.array() + z.array() * (hprev.array() - n.array());
}

template <typename S>
void step_backward(const In<S>& dh, const In<S>& hprev, const In<S>& z, const In<S>& r,
                   const In<S>& n, const MatT<S>& Uzr, const MatT<S>& Un, Out<S> dgx, Out<S> dprev,
                   Out<S> drh) {
  const Eigen::Index h = hprev.cols();
  // dn_pre = dh ⊙ (1 − z) ⊙ (1 − n²)
  dgx.rightCols(h).array() = dh.array() * (S(1) - z.array()) * (S(1) - n.array().square());
  // dz_pre = dh ⊙ (h_prev − n) ⊙ z ⊙ (1 − z)
  dgx.leftCols(h).array() =
      dh.array() * (hprev.array() - n.array()) * z.array() * (S(1) - z.array());
  drh.noalias() = dgx.rightCols(h) * Un;  // d(r ⊙ h_prev)
  // dr_pre = drh ⊙ h_prev ⊙ r ⊙ (1 − r)
  dgx.middleCols(h, h).array() = drh.array() * hprev.array() * r.array() * (S(1) - r.array());
  dprev.array() = dh.array() * z.array() + drh.array() * r.array();
  dprev.noalias() += dgx.leftCols(2 * h) * Uzr;
}

#define ATTN_GRU_INSTANTIATE(S)                                                                \
  template void step<S>(const In<S>&, const In<S>&, const MatT<S>&, const MatT<S>&, Out<S>,    \
                        Out<S>, Out<S>, Out<S>, Out<S>, Out<S>);                               \
  template void step_backward<S>(const In<S>&, const In<S>&, const In<S>&, const In<S>&,       \
                                 const In<S>&, const MatT<S>&, const MatT<S>&, Out<S>, Out<S>, \
                                 Out<S>);
ATTN_GRU_INSTANTIATE(float)
ATTN_GRU_INSTANTIATE(double)
#undef ATTN_GRU_INSTANTIATE

}  // namespace gru
}  // namespace attn
