// core/src/multihead.cpp — multi-head attention as nn.MultiheadAttention computes it
// (attn/multihead.hpp). Single sequence, no dropout, no bias_k/bias_v, no add_zero_attn.
// multi_head_attention is the clear reference returning every intermediate for the lessons;
// multi_head_attention_output is the fast path (output only, fused per-head loop, workspace).
#include "attn/multihead.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace attn {

std::string check_multi_head_attention(const MatRef& query, const MatRef& key, const MatRef& value,
                                       const MultiHeadConfig& config, const MultiHeadWeights& w,
                                       const MultiHeadOptions& options, const char* fn) {
  std::string e;
  if (!(e = check_matrix(fn, "query", query)).empty()) return e;
  if (!(e = check_matrix(fn, "key", key)).empty()) return e;
  if (!(e = check_matrix(fn, "value", value)).empty()) return e;
  const long E = query.cols();
  std::ostringstream s;
  if (key.cols() != E || value.cols() != E) {
    s << fn << ": query, key and value must all have E columns (query: " << shape(query)
      << ", key: " << shape(key) << ", value: " << shape(value) << ")";
  } else if (value.rows() != key.rows()) {
    s << fn << ": value has " << value.rows() << " rows but key has " << key.rows()
      << " (key: " << shape(key) << ", value: " << shape(value) << "); both must have T_k rows";
  } else if (config.n_heads < 1 || config.n_heads > kMaxHeads) {
    s << fn << ": numHeads must be an integer from 1 to " << kMaxHeads << ", got "
      << config.n_heads;
  } else if (E % config.n_heads != 0) {
    s << fn << ": embed dim " << E << " is not divisible by numHeads " << config.n_heads;
  } else if (static_cast<long>(config.n_heads) * query.rows() * key.rows() > kMaxElements) {
    s << fn << ": n_heads · T_q · T_k = " << config.n_heads << " · " << query.rows() << " · "
      << key.rows() << " would exceed the limit of " << kMaxElements << " weights";
  } else if (w.in_proj_weight.rows() != 3 * E || w.in_proj_weight.cols() != E) {
    s << fn << ": params.inProjWeight is " << shape(w.in_proj_weight)
      << " but must be (3E, E) = " << shape(3 * E, E);
  } else if (!(e = check_matrix(fn, "params.inProjWeight", w.in_proj_weight, 3 * kMaxWidth,
                                kMaxWidth))
                  .empty()) {
    return e;
  } else if (w.out_proj_weight.rows() != E || w.out_proj_weight.cols() != E) {
    s << fn << ": params.outProjWeight is " << shape(w.out_proj_weight)
      << " but must be (E, E) = " << shape(E, E);
  } else if (!(e = check_matrix(fn, "params.outProjWeight", w.out_proj_weight)).empty()) {
    return e;
  } else if (w.in_proj_bias.size() != 0 &&
             !(e = check_vector(fn, "params.inProjBias", w.in_proj_bias.transpose(), 3 * E))
                  .empty()) {
    return e;
  } else if (w.out_proj_bias.size() != 0 &&
             !(e = check_vector(fn, "params.outProjBias", w.out_proj_bias.transpose(), E))
                  .empty()) {
    return e;
  } else if (options.key_padding != nullptr && options.key_padding_size != key.rows()) {
    s << fn << ": keyPaddingMask has length " << options.key_padding_size
      << " but must have length T_k = " << key.rows() << " (key: " << shape(key) << ")";
  } else if (options.mask != nullptr) {
    return check_mask(fn, "mask", *options.mask, query.rows(), key.rows());
  }
  return s.str();
}

void multi_head_attention(const MatRef& query, const MatRef& key, const MatRef& value,
                          const MultiHeadConfig& config, const MultiHeadWeights& w,
                          const MultiHeadOptions& options, MultiHeadResult& out) {
  require(check_multi_head_attention(query, key, value, config, w, options));
  const Eigen::Index E = query.cols(), T_q = query.rows(), T_k = key.rows();
  const int n_heads = config.n_heads;
  const Eigen::Index d_head = E / n_heads;

  // 1. Input projections, y = x·Wᵀ + b, with W_q, W_k, W_v the three row blocks of
  //    in_proj_weight. q: (T_q, E), k: (T_k, E), v: (T_k, E).
  Mat q(T_q, E), k(T_k, E), v(T_k, E);
  q.noalias() = query * w.in_proj_weight.topRows(E).transpose();
  k.noalias() = key * w.in_proj_weight.middleRows(E, E).transpose();
  v.noalias() = value * w.in_proj_weight.bottomRows(E).transpose();
  if (w.in_proj_bias.size() != 0) {
    q.rowwise() += w.in_proj_bias.segment(0, E);
    k.rowwise() += w.in_proj_bias.segment(E, E);
    v.rowwise() += w.in_proj_bias.segment(2 * E, E);
  }

  // 2. Split into heads: head h owns columns [h·d_head, (h+1)·d_head) — PyTorch's
  //    view(T, n_heads, d_head). 3. Scaled dot-product attention in each head.
  MaskSpec spec;
  spec.causal = options.causal;
  spec.mask = options.mask;
  spec.key_padding = options.key_padding;
  const float scale = default_scale(d_head);
  out.heads.resize(static_cast<size_t>(n_heads));
  out.concat.resize(T_q, E);
  out.average_weights.setZero(T_q, T_k);
  AttentionResult head_result;
  for (int h = 0; h < n_heads; ++h) {
    HeadResult& head = out.heads[static_cast<size_t>(h)];
    head.q = q.middleCols(h * d_head, d_head);
    head.k = k.middleCols(h * d_head, d_head);
    head.v = v.middleCols(h * d_head, d_head);
    attention_unchecked(head.q, head.k, head.v, scale, spec, head_result);
    head.weights = head_result.weights;
    head.output = head_result.output;
    // 4. Concatenate: head outputs side by side.
    out.concat.middleCols(h * d_head, d_head) = head.output;
    out.average_weights += head.weights;
  }
  // 5. Mean of the heads' weights (nn.MultiheadAttention's average_attn_weights=True).
  out.average_weights /= static_cast<float>(n_heads);

  // 6. Output projection: output = concat · W_Oᵀ + b_O.
  out.output.resize(T_q, E);
  out.output.noalias() = out.concat * w.out_proj_weight.transpose();
  if (w.out_proj_bias.size() != 0) out.output.rowwise() += w.out_proj_bias;
}

void multi_head_attention_output_unchecked(const MatRef& query, const MatRef& key,
                                           const MatRef& value, const MultiHeadConfig& config,
                                           const MultiHeadWeights& w,
                                           const MultiHeadOptions& options, MultiHeadWorkspace& ws,
                                           Mat& output) {
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  const Eigen::Index E = query.cols(), T_q = query.rows(), T_k = key.rows();
  const int n_heads = config.n_heads;
  const Eigen::Index d_head = E / n_heads;
  const bool causal = options.causal;
  const bool other_masks = options.mask != nullptr || options.key_padding != nullptr;
  MaskSpec spec;
  spec.causal = options.causal;
  spec.mask = options.mask;
  spec.key_padding = options.key_padding;

  // 1. Input projections y = x·Wᵀ + b into the workspace. q: (T_q, E), k, v: (T_k, E).
  ws.q.resize(T_q, E);
  ws.k.resize(T_k, E);
  ws.v.resize(T_k, E);
  gemm_nt(query, w.in_proj_weight.topRows(E), ws.q, ws.pack);
  gemm_nt(key, w.in_proj_weight.middleRows(E, E), ws.k, ws.pack);
  gemm_nt(value, w.in_proj_weight.bottomRows(E), ws.v, ws.pack);
  if (w.in_proj_bias.size() != 0) {
    ws.q.rowwise() += w.in_proj_bias.segment(0, E);
    ws.k.rowwise() += w.in_proj_bias.segment(E, E);
    ws.v.rowwise() += w.in_proj_bias.segment(2 * E, E);
  }

  // 2. Heads: head h owns columns [h·d_head, (h+1)·d_head).
  const float scale = default_scale(d_head);
  ws.weights.resize(T_q, T_k);
  ws.concat.resize(T_q, E);
  for (int h = 0; h < n_heads; ++h) {
    const Eigen::Index c0 = h * d_head;
    // 3a. scores = q_h · k_hᵀ: (T_q, T_k); causal: only j ≤ i.
    gemm_nt(ws.q.middleCols(c0, d_head), ws.k.middleCols(c0, d_head), ws.weights, ws.pack, causal);
    for (Eigen::Index i = 0; i < T_q; ++i) {
      float* row = ws.weights.row(i).data();
      // Keys this query may see at all: causal blocks j > i, so only the prefix [0, n) counts.
      const Eigen::Index n = causal ? std::min(T_k, i + 1) : T_k;
      // 3b. Scale. 3c. Mask: -inf where the explicit mask or key padding blocks.
      Eigen::Map<RowVec>(row, n) *= scale;
      if (other_masks)
        for (Eigen::Index j = 0; j < n; ++j)
          if (is_blocked(spec, i, j)) row[j] = kNegInf;
      // 3d. Softmax in place; the causally blocked tail weighs exactly 0.
      softmax_row_inplace(row, n, 1.0f);
      std::fill(row + n, row + T_k, 0.0f);
    }
    // 3e. output_h = weights · v_h, written straight into its columns of concat.
    gemm_nn(ws.weights, ws.v.middleCols(c0, d_head), ws.concat.middleCols(c0, d_head), ws.pack,
            causal);
  }

  // 4. Output projection: output = concat · W_Oᵀ + b_O.
  output.resize(T_q, E);
  gemm_nt(ws.concat, w.out_proj_weight, output, ws.pack);
  if (w.out_proj_bias.size() != 0) output.rowwise() += w.out_proj_bias;
}

void multi_head_attention_output(const MatRef& query, const MatRef& key, const MatRef& value,
                                 const MultiHeadConfig& config, const MultiHeadWeights& w,
                                 const MultiHeadOptions& options, MultiHeadWorkspace& ws,
                                 Mat& output) {
  require(check_multi_head_attention(query, key, value, config, w, options));
  multi_head_attention_output_unchecked(query, key, value, config, w, options, ws, output);
}

}  // namespace attn
