// core/src/multihead.cpp — multi-head attention as nn.MultiheadAttention computes it
// (attn/multihead.hpp). Single sequence, no dropout, no bias_k/bias_v, no add_zero_attn.
// multi_head_attention is the clear reference returning every intermediate for the lessons.
// The fast path (output only, fused per-head, per-row-block loop, workspace): prepare_multi_head
// packs the parameters once and multi_head_forward runs many forwards against them;
// multi_head_attention_output does both in one call.
#include "attn/multihead.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace attn {

namespace {

// The pieces of the multi-head checks, shared by the one-shot and the prepared paths. Each
// returns "" or a complete message "fn: …".

// query: (T_q, E), key and value: (T_k, E) with E = `E` (or query's width when E < 0).
std::string check_inputs(const char* fn, const MatRef& query, const MatRef& key,
                         const MatRef& value, long E) {
  std::string e;
  if (!(e = check_matrix(fn, "query", query)).empty()) return e;
  if (!(e = check_matrix(fn, "key", key)).empty()) return e;
  if (!(e = check_matrix(fn, "value", value)).empty()) return e;
  Msg s;
  if (E >= 0 && query.cols() != E) {
    s << fn << ": query has " << query.cols() << " columns but the layer's embed dim E is " << E
      << " (query: " << shape(query) << ")";
  } else if (key.cols() != query.cols() || value.cols() != query.cols()) {
    s << fn << ": query, key and value must all have E columns (query: " << shape(query)
      << ", key: " << shape(key) << ", value: " << shape(value) << ")";
  } else if (value.rows() != key.rows()) {
    s << fn << ": value has " << value.rows() << " rows but key has " << key.rows()
      << " (key: " << shape(key) << ", value: " << shape(value) << "); both must have T_k rows";
  }
  return s.str();
}

std::string check_heads(const char* fn, const MultiHeadConfig& config, long E) {
  Msg s;
  if (config.n_heads < 1 || config.n_heads > kMaxHeads) {
    s << fn << ": numHeads must be an integer from 1 to " << kMaxHeads << ", got "
      << config.n_heads;
  } else if (E % config.n_heads != 0) {
    s << fn << ": embed dim " << E << " is not divisible by numHeads " << config.n_heads;
  }
  return s.str();
}

std::string check_size(const char* fn, const MultiHeadConfig& config, const MatRef& query,
                       const MatRef& key) {
  if (static_cast<long>(config.n_heads) * query.rows() * key.rows() <= kMaxElements) return "";
  Msg s;
  s << fn << ": n_heads · T_q · T_k = " << config.n_heads << " · " << query.rows() << " · "
    << key.rows() << " would exceed the limit of " << kMaxElements << " weights";
  return s.str();
}

std::string check_weights(const char* fn, const MultiHeadWeights& w, long E) {
  std::string e;
  Msg s;
  if (w.in_proj_weight.rows() != 3 * E || w.in_proj_weight.cols() != E) {
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
  }
  return s.str();
}

std::string check_masks(const char* fn, const MultiHeadOptions& options, const MatRef& query,
                        const MatRef& key) {
  if (options.key_padding == nullptr && options.mask == nullptr) return "";
  Msg s;
  if (options.key_padding != nullptr && options.key_padding_size != key.rows()) {
    s << fn << ": keyPaddingMask has length " << options.key_padding_size
      << " but must have length T_k = " << key.rows() << " (key: " << shape(key) << ")";
  } else if (options.mask != nullptr) {
    return check_mask(fn, "mask", *options.mask, query.rows(), key.rows());
  }
  return s.str();
}

}  // namespace

std::string check_multi_head_attention(const MatRef& query, const MatRef& key, const MatRef& value,
                                       const MultiHeadConfig& config, const MultiHeadWeights& w,
                                       const MultiHeadOptions& options, const char* fn) {
  std::string e;
  const long E = query.cols();
  if (!(e = check_inputs(fn, query, key, value, -1)).empty()) return e;
  if (!(e = check_heads(fn, config, E)).empty()) return e;
  if (!(e = check_size(fn, config, query, key)).empty()) return e;
  if (!(e = check_weights(fn, w, E)).empty()) return e;
  return check_masks(fn, options, query, key);
}

std::string check_prepare_multi_head(const MultiHeadConfig& config, const MultiHeadWeights& w,
                                     const char* fn) {
  std::string e;
  const long E = w.in_proj_weight.cols();
  if (E < 1 || E > kMaxWidth) {
    Msg s;
    s << fn << ": params.inProjWeight is " << shape(w.in_proj_weight)
      << "; its columns are the embed dim E and must be from 1 to " << kMaxWidth;
    return s.str();
  }
  if (!(e = check_heads(fn, config, E)).empty()) return e;
  return check_weights(fn, w, E);
}

namespace {
void prepare_multi_head_unchecked(const MultiHeadConfig& config, const MultiHeadWeights& w,
                                  PreparedMultiHead& out) {
  const Eigen::Index E = w.in_proj_weight.cols();
  out.config = config;
  out.E = E;
  pack_rhs_transposed(w.in_proj_weight.topRows(E), out.w_q);
  pack_rhs_transposed(w.in_proj_weight.middleRows(E, E), out.w_k);
  pack_rhs_transposed(w.in_proj_weight.bottomRows(E), out.w_v);
  pack_rhs_transposed(w.out_proj_weight, out.w_o);
  out.in_proj_bias = w.in_proj_bias;
  out.out_proj_bias = w.out_proj_bias;
}
}  // namespace

void prepare_multi_head(const MultiHeadConfig& config, const MultiHeadWeights& w,
                        PreparedMultiHead& out) {
  require(check_prepare_multi_head(config, w));
  prepare_multi_head_unchecked(config, w, out);
}

std::string check_multi_head_forward(const MatRef& query, const MatRef& key, const MatRef& value,
                                     const PreparedMultiHead& prepared,
                                     const MultiHeadOptions& options, const char* fn) {
  std::string e;
  if (!(e = check_inputs(fn, query, key, value, static_cast<long>(prepared.E))).empty()) return e;
  if (!(e = check_size(fn, prepared.config, query, key)).empty()) return e;
  return check_masks(fn, options, query, key);
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

namespace {
// Query rows per block of the fast path: a (kRowBlock, T_k) block of weights — 64 KB at
// T_k = 512 — stays in L2 between the scores, the softmax and weights·v.
constexpr Eigen::Index kRowBlock = 32;
}  // namespace

void multi_head_forward_unchecked(const MatRef& query, const MatRef& key, const MatRef& value,
                                  const PreparedMultiHead& p, const MultiHeadOptions& options,
                                  MultiHeadWorkspace& ws, Mat& output) {
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  const Eigen::Index E = p.E, T_q = query.rows(), T_k = key.rows();
  const Eigen::Index d_head = E / p.config.n_heads;
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
  gemm_packed(query, p.w_q, E, E, ws.q);
  gemm_packed(key, p.w_k, E, E, ws.k);
  gemm_packed(value, p.w_v, E, E, ws.v);
  if (p.in_proj_bias.size() != 0) {
    ws.q.rowwise() += p.in_proj_bias.segment(0, E);
    ws.k.rowwise() += p.in_proj_bias.segment(E, E);
    ws.v.rowwise() += p.in_proj_bias.segment(2 * E, E);
  }

  // 2. Heads: head h owns columns [h·d_head, (h+1)·d_head).
  const float scale = default_scale(d_head);
  ws.weights.resize(std::min(kRowBlock, T_q), T_k);
  ws.concat.resize(T_q, E);
  for (int h = 0; h < p.config.n_heads; ++h) {
    const Eigen::Index c0 = h * d_head;
    pack_rhs_transposed(ws.k.middleCols(c0, d_head), ws.keys);  // k_hᵀ: (d_head, T_k)
    pack_rhs(ws.v.middleCols(c0, d_head), ws.values);           // v_h:  (T_k, d_head)
    for (Eigen::Index i0 = 0; i0 < T_q; i0 += kRowBlock) {
      const Eigen::Index rows = std::min(kRowBlock, T_q - i0);
      // Causal: the block's last query sees keys [0, i0 + rows); none beyond.
      const Eigen::Index n_blk = causal ? std::min(T_k, i0 + rows) : T_k;
      GemmCausal shortcut;
      shortcut.row0 = i0;
      // 3a. scores = q_h · k_hᵀ for these query rows: (rows, n_blk); causal: only j ≤ i.
      shortcut.lower_only = causal;
      gemm_packed(ws.q.block(i0, c0, rows, d_head), ws.keys, d_head, n_blk,
                  ws.weights.topRows(rows), shortcut);
      for (Eigen::Index r = 0; r < rows; ++r) {
        const Eigen::Index i = i0 + r;
        float* row = ws.weights.row(r).data();
        // Keys this query may see at all: causal blocks j > i, so only the prefix [0, n) counts.
        const Eigen::Index n = causal ? std::min(T_k, i + 1) : T_k;
        // 3b. Mask: -inf where the explicit mask or key padding blocks (before scaling:
        //     scale · -inf is -inf).
        if (other_masks)
          for (Eigen::Index j = 0; j < n; ++j)
            if (is_blocked(spec, i, j)) row[j] = kNegInf;
        // 3c. Scale and softmax in place; the causally blocked tail weighs exactly 0.
        softmax_scaled_row_inplace(row, n, scale);
        std::fill(row + n, row + n_blk, 0.0f);
      }
      // 3d. output_h rows = weights · v_h, written straight into their columns of concat.
      shortcut.lower_only = false;
      shortcut.a_lower = causal;
      gemm_packed(ws.weights.topLeftCorner(rows, n_blk), ws.values, n_blk, d_head,
                  ws.concat.block(i0, c0, rows, d_head), shortcut);
    }
  }

  // 4. Output projection: output = concat · W_Oᵀ + b_O.
  output.resize(T_q, E);
  gemm_packed(ws.concat, p.w_o, E, E, output);
  if (p.out_proj_bias.size() != 0) output.rowwise() += p.out_proj_bias;
}

void multi_head_forward(const MatRef& query, const MatRef& key, const MatRef& value,
                        const PreparedMultiHead& prepared, const MultiHeadOptions& options,
                        MultiHeadWorkspace& ws, Mat& output) {
  require(check_multi_head_forward(query, key, value, prepared, options));
  multi_head_forward_unchecked(query, key, value, prepared, options, ws, output);
}

void multi_head_attention_output_unchecked(const MatRef& query, const MatRef& key,
                                           const MatRef& value, const MultiHeadConfig& config,
                                           const MultiHeadWeights& w,
                                           const MultiHeadOptions& options, MultiHeadWorkspace& ws,
                                           Mat& output) {
  prepare_multi_head_unchecked(config, w, ws.one_shot);
  multi_head_forward_unchecked(query, key, value, ws.one_shot, options, ws, output);
}

void multi_head_attention_output(const MatRef& query, const MatRef& key, const MatRef& value,
                                 const MultiHeadConfig& config, const MultiHeadWeights& w,
                                 const MultiHeadOptions& options, MultiHeadWorkspace& ws,
                                 Mat& output) {
  require(check_multi_head_attention(query, key, value, config, w, options));
  multi_head_attention_output_unchecked(query, key, value, config, w, options, ws, output);
}

}  // namespace attn
