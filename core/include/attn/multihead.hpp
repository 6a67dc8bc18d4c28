// attn/multihead.hpp — multi-head attention with PyTorch nn.MultiheadAttention's parameter
// layout (y = x·Wᵀ + b; in_proj_weight rows [W_q; W_k; W_v]; dropout 0; weights averaged over
// heads). Returns every head's projections, weights and outputs for the lessons. It does not
// add positional encodings and has no batch dimension (one sequence per call).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attn/attention.hpp"
#include "attn/kernels.hpp"
#include "attn/types.hpp"

namespace attn {

struct MultiHeadConfig {
  int n_heads = 1;  // n_heads; d_head = E / n_heads
};

struct MultiHeadWeights {
  Mat in_proj_weight;    // in_proj_weight:  (3E, E) rows [W_q; W_k; W_v]
  RowVec in_proj_bias;   // in_proj_bias:    (3E), or empty for zeros
  Mat out_proj_weight;   // out_proj_weight: (E, E)
  RowVec out_proj_bias;  // out_proj_bias:   (E), or empty for zeros
};

struct MultiHeadOptions {
  bool causal = false;                        // block key j > query i
  const Mat* mask = nullptr;                  // mask: (T_q, T_k), nonzero = blocked
  const std::uint8_t* key_padding = nullptr;  // key_padding: (T_k), nonzero = padding
  long key_padding_size = 0;                  // its length, checked against T_k
};

struct HeadResult {
  Mat q;        // q:       (T_q, d_head), projected, before scaling
  Mat k;        // k:       (T_k, d_head)
  Mat v;        // v:       (T_k, d_head)
  Mat weights;  // weights: (T_q, T_k)
  Mat output;   // output:  (T_q, d_head)
};

struct MultiHeadResult {
  std::vector<HeadResult> heads;  // n_heads entries
  Mat concat;                     // concat:          (T_q, E)
  Mat output;                     // output:          (T_q, E)
  Mat average_weights;            // average_weights: (T_q, T_k)
};

// query: (T_q, E), key: (T_k, E), value: (T_k, E)
std::string check_multi_head_attention(const MatRef& query, const MatRef& key, const MatRef& value,
                                       const MultiHeadConfig& config, const MultiHeadWeights& w,
                                       const MultiHeadOptions& options,
                                       const char* fn = "multiHeadAttention");

void multi_head_attention(const MatRef& query, const MatRef& key, const MatRef& value,
                          const MultiHeadConfig& config, const MultiHeadWeights& w,
                          const MultiHeadOptions& options, MultiHeadResult& out);

// A multi-head attention layer prepared once for many fast forwards (what an inference
// session holds): its parameters checked once and the four projection matrices packed the way
// the GEMM kernels read them, so a forward ships and checks only its inputs.
struct PreparedMultiHead {
  MultiHeadConfig config;
  Eigen::Index E = 0;    // E = d_model; d_head = E / n_heads
  PackedRhs w_q;         // W_qᵀ: (E, E) packed
  PackedRhs w_k;         // W_kᵀ: (E, E) packed
  PackedRhs w_v;         // W_vᵀ: (E, E) packed
  PackedRhs w_o;         // W_Oᵀ: (E, E) packed
  RowVec in_proj_bias;   // in_proj_bias:  (3E), or empty for zeros
  RowVec out_proj_bias;  // out_proj_bias: (E), or empty for zeros
};

// The parameters alone (E = in_proj_weight's columns): numHeads, shapes, values, biases.
std::string check_prepare_multi_head(const MultiHeadConfig& config, const MultiHeadWeights& w,
                                     const char* fn = "createMultiHeadAttention");
// out ← config and w prepared. Throws attn::Error when check_prepare_multi_head fails.
void prepare_multi_head(const MultiHeadConfig& config, const MultiHeadWeights& w,
                        PreparedMultiHead& out);

// Scratch of the fast forward pass, reused from call to call: after the first call at a given
// size a forward allocates nothing (Eigen resizes to the same shape are no-ops and packed
// operands only grow).
struct MultiHeadWorkspace {
  Mat q;                       // q:       (T_q, E) projected queries, all heads side by side
  Mat k;                       // k:       (T_k, E)
  Mat v;                       // v:       (T_k, E)
  Mat weights;                 // weights: (kRowBlock, T_k) one block of query rows of one head
                               //          (scores, then softmax in place)
  Mat concat;                  // concat:  (T_q, E)
  PackedRhs keys;              // k_hᵀ packed: (d_head, T_k), the current head
  PackedRhs values;            // v_h packed:  (T_k, d_head), the current head
  PreparedMultiHead one_shot;  // the parameters of a multi_head_attention_output call
};

// The inputs of a prepared forward: query: (T_q, E), key and value: (T_k, E), the masks.
std::string check_multi_head_forward(const MatRef& query, const MatRef& key, const MatRef& value,
                                     const PreparedMultiHead& prepared,
                                     const MultiHeadOptions& options,
                                     const char* fn = "MultiHeadAttention.forward");

// The fast path: the forward pass of multi_head_attention returning only output (T_q, E) — no
// per-head copies, no averaged weights. Per head and per block of query rows the scores are
// computed, masked and softmaxed (scale folded in) in place in ws.weights, which stays in
// cache, and weights·v is written straight into its columns of ws.concat; with a causal mask
// the blocked upper triangle is never computed. Equal to multi_head_attention(...).output
// within float rounding (tests/core/test_fast_paths.cpp). Throws attn::Error on bad input.
void multi_head_forward(const MatRef& query, const MatRef& key, const MatRef& value,
                        const PreparedMultiHead& prepared, const MultiHeadOptions& options,
                        MultiHeadWorkspace& ws, Mat& output);

// The same without checks (callers ran check_multi_head_forward).
void multi_head_forward_unchecked(const MatRef& query, const MatRef& key, const MatRef& value,
                                  const PreparedMultiHead& prepared,
                                  const MultiHeadOptions& options, MultiHeadWorkspace& ws,
                                  Mat& output);

// One-shot fast path: prepares config and w into ws.one_shot, then multi_head_forward. Checks
// like multi_head_attention (and throws attn::Error like it).
void multi_head_attention_output(const MatRef& query, const MatRef& key, const MatRef& value,
                                 const MultiHeadConfig& config, const MultiHeadWeights& w,
                                 const MultiHeadOptions& options, MultiHeadWorkspace& ws,
                                 Mat& output);

// The same without checks (callers ran check_multi_head_attention).
void multi_head_attention_output_unchecked(const MatRef& query, const MatRef& key,
                                           const MatRef& value, const MultiHeadConfig& config,
                                           const MultiHeadWeights& w,
                                           const MultiHeadOptions& options, MultiHeadWorkspace& ws,
                                           Mat& output);

}  // namespace attn
