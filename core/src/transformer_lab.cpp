// core/src/transformer_lab.cpp — what the lab shows of a TransformerTrainer beyond training and
// decoding (attn/transformer.hpp): the held-out loss split by halves for induction
// (test_loss), every head's map of a teacher-forced sequence (attention_maps), the heads'
// mean map (transformer_head_mean, average_attn_weights=True) and one layer step by step
// (block_trace). The model's math is in
// transformer.cpp, training and decoding in transformer_trainer.cpp. It does no I/O.
#include <algorithm>
#include <limits>

#include "attn/transformer.hpp"
#include "transformer_internal.hpp"

namespace attn {

void transformer_head_mean(const std::vector<Mat>& heads, Mat& out) {
  out = heads[0];
  for (std::size_t h = 1; h < heads.size(); ++h) out += heads[h];
  out /= static_cast<float>(heads.size());
}

TransformerTestLoss TransformerTrainer::test_loss() {
  const TransformerConfig& c = config_.model;
  const bool only = c.kind == TransformerKind::kDecoderOnly;
  const std::vector<Example>& ex = task_.test;
  const int n = static_cast<int>(ex.size());
  constexpr int kBatch = 64;
  double sum[3] = {0, 0, 0};  // all, first half, repeated half
  long count[3] = {0, 0, 0};
  std::vector<int> idx;
  TransformerBatch bt;
  for (int start = 0; start < n; start += kBatch) {
    idx.clear();
    for (int i = start; i < std::min(n, start + kBatch); ++i) idx.push_back(i);
    transformer_make_batch(c.kind, ex, idx, bt);
    // 1. Teacher-forced logits of the batch.
    tf::forward<float>(c, w_, bt, rs_, ablation_ptr());
    for (int b = 0; b < bt.B; ++b) {
      const int half_n = example_length(task_.kind, ex[std::size_t(idx[std::size_t(b)])]);
      for (int p = 0; p < bt.T; ++p) {
        const Eigen::Index r = Eigen::Index(b) * bt.T + p;
        const int y = bt.tgt_out[std::size_t(r)];
        if (y == kPad) continue;
        // 2. Cross-entropy of the target: log Σ exp(z − max) − (z_y − max).
        const float mx = rs_.logits.row(r).maxCoeff();
        const double ce = static_cast<double>(
            std::log((rs_.logits.row(r).array() - mx).exp().sum()) - (rs_.logits(r, y) - mx));
        sum[0] += ce;
        ++count[0];
        if (only) {
          const int half = p > half_n ? 2 : 1;
          sum[half] += ce;
          ++count[half];
        }
      }
    }
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto mean = [&](int k) { return count[k] > 0 ? sum[k] / double(count[k]) : nan; };
  TransformerTestLoss out;
  out.loss = mean(0);
  out.first_half = only ? mean(1) : nan;
  out.repeated_half = only ? mean(2) : nan;
  return out;
}

void TransformerTrainer::attention_maps(const std::vector<int>& src, const std::vector<int>& tgt_in,
                                        TransformerDecode& out) {
  require(check_sequence(src, tgt_in, nullptr, "TransformerTrainer.attentionMaps"));
  const TransformerConfig& c = config_.model;
  TransformerBatch b;
  b.B = 1;
  b.S = static_cast<int>(src.size());
  b.T = static_cast<int>(tgt_in.size());
  b.src = src;
  b.tgt_in = tgt_in;
  b.tgt_out.assign(tgt_in.size(), kPad);
  tf::forward<float>(c, w_, b, rs_, ablation_ptr());
  out.tokens.clear();
  out.prob.clear();
  out.finished = false;
  // maps[l][h] = rows [h·T_q, (h+1)·T_q) of the layer's (n_heads·T_q, T_k) weights (B = 1).
  const auto split = [&](AttnBlock block, int layers, int Tq, std::vector<std::vector<Mat>>& maps) {
    maps.assign(std::size_t(layers), std::vector<Mat>(std::size_t(c.n_heads)));
    for (int l = 0; l < layers; ++l)
      for (int h = 0; h < c.n_heads; ++h)
        maps[std::size_t(l)][std::size_t(h)] =
            rs_.attention(block, l).middleRows(Eigen::Index(h) * Tq, Tq);
  };
  out.enc_self.clear();
  out.cross.clear();
  if (c.kind == TransformerKind::kDecoderOnly) {
    split(AttnBlock::kDecoder, c.dec_layers, b.T, out.dec_self);
    return;
  }
  split(AttnBlock::kEncoder, c.enc_layers, b.S, out.enc_self);
  split(AttnBlock::kDecoder, c.dec_layers, b.T, out.dec_self);
  split(AttnBlock::kCross, c.dec_layers, b.T, out.cross);
}

std::string TransformerTrainer::check_block_trace(const std::vector<int>& src, int layer) const {
  const char* fn = "TransformerTrainer.blockTrace";
  const TransformerConfig& c = config_.model;
  const bool only = c.kind == TransformerKind::kDecoderOnly;
  const int layers = only ? c.dec_layers : c.enc_layers;
  if (layer < 0 || layer >= layers) {
    Msg s;
    s << fn << ": layer must be in [0, " << layers << "), got " << layer;
    return s.str();
  }
  return only ? check_sequence({}, src, nullptr, fn) : check_sequence(src, {kBos}, nullptr, fn);
}

void TransformerTrainer::block_trace(const std::vector<int>& src, int layer,
                                     TransformerBlockTrace& out) {
  require(check_block_trace(src, layer));
  const TransformerConfig& c = config_.model;
  const bool only = c.kind == TransformerKind::kDecoderOnly;
  const Eigen::Index n = static_cast<Eigen::Index>(src.size());
  TransformerBatch b;
  b.B = 1;
  if (only) {
    b.S = 0;
    b.T = static_cast<int>(src.size());
    b.tgt_in = src;
  } else {
    // The encoder does not read the target: one <bos> is enough to run the model.
    b.S = static_cast<int>(src.size());
    b.T = 1;
    b.src = src;
    b.tgt_in = {kBos};
  }
  b.tgt_out.assign(b.tgt_in.size(), kPad);
  // 1. The forward pass keeps each layer's input, concatenated heads, norm1, hidden and output.
  tf::forward<float>(c, w_, b, rs_, ablation_ptr());
  const TransformerLayerWeights<float>& lw = w_.enc[std::size_t(layer)];
  const TransformerLayerState<float>& st = rs_.enc[std::size_t(layer)];
  const Mat& x0 = only ? rs_.tgt_x : rs_.src_x;
  out.x_in = layer == 0 ? Mat(x0.topRows(n)) : Mat(rs_.enc[std::size_t(layer - 1)].out.topRows(n));
  // 2. attn = concat W_Oᵀ + b_O: the change self-attention adds to each token's vector.
  out.attn.noalias() = st.self_attn.concat.topRows(n) * lw.self_attn.out_proj_weight.transpose();
  out.attn.rowwise() += lw.self_attn.out_proj_bias.row(0);
  // 3. The residual sum and norm1.
  out.sum1 = out.x_in + out.attn;
  out.norm1 = st.x1.topRows(n);
  // 4. ff = relu(norm1 W1ᵀ + b1) W2ᵀ + b2 (hidden holds the relu), the residual sum and norm2.
  out.ff.noalias() = st.hidden.topLeftCorner(n, c.d_ff) * lw.linear2_weight.transpose();
  out.ff.rowwise() += lw.linear2_bias.row(0);
  out.sum2 = out.norm1 + out.ff;
  out.out = st.out.topRows(n);
}

}  // namespace attn
