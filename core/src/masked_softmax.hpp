// core/src/masked_softmax.hpp — private to the models (seq2seq.cpp, transformer.cpp): the one
// masked row softmax both attention layers use. out[j] = exp(scale·in[j] − m) / Σ over the
// allowed j, m = the largest allowed scale·in[j]; blocked entries are exactly 0 and a row with
// no allowed entry is all 0 (never NaN). `in` and `out` may be the same row. It checks nothing.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace attn {

// allowed(j) → bool says whether entry j of the row [0, n) takes part.
template <typename S, typename Allowed>
void masked_softmax_row(const S* in, S* out, int n, S scale, Allowed allowed) {
  // 1. The row max over the allowed entries (scaled).
  S mx = -std::numeric_limits<S>::infinity();
  for (int j = 0; j < n; ++j)
    if (allowed(j)) mx = std::max(mx, in[j] * scale);
  // 2. exp(scale·x − max) on allowed entries, exact zeros elsewhere.
  S sum = 0;
  for (int j = 0; j < n; ++j) {
    if (!allowed(j) || mx == -std::numeric_limits<S>::infinity()) {
      out[j] = 0;
    } else {
      const S e = std::exp(in[j] * scale - mx);
      out[j] = e;
      sum += e;
    }
  }
  // 3. Normalise (a fully blocked row stays all zeros).
  if (sum > 0)
    for (int j = 0; j < n; ++j)
      if (allowed(j)) out[j] /= sum;
}

}  // namespace attn
