// core/src/transformer_trainer.cpp — the Transformer lab's trainer (attn/transformer.hpp): task
// and model from seeds, deterministic mini-batches, Adam with clipping, greedy decoding with every
// head's map, evaluation (by source length, or by position for induction), head scores
// (previous-token, induction, alignment), head ablation. The model's math is in
// transformer.cpp. It does no I/O.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "attn/transformer.hpp"
#include "transformer_internal.hpp"

namespace attn {

namespace {

constexpr int kEvalBatch = 64;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_induction(const TaskConfig& t) { return t.kind == TaskKind::kInduction; }

// The model config of a trainer: kind and vocabularies from the task.
TransformerConfig model_for(const TransformerTrainerConfig& c) {
  TransformerConfig m = c.model;
  Vocab vs, vt;
  task_vocabularies(c.task.kind, vs, vt);
  if (is_induction(c.task)) {
    m.kind = TransformerKind::kDecoderOnly;
    m.src_vocab = 0;
  } else {
    m.kind = TransformerKind::kEncoderDecoder;
    m.src_vocab = vs.size();
  }
  m.tgt_vocab = vt.size();
  return m;
}

// Cross-entropy and argmax of logits row r against target y (y != kPad).
void row_ce(const Mat& logits, Eigen::Index r, int y, double& ce, int& argmax) {
  Eigen::Index arg = 0;
  const float mx = logits.row(r).maxCoeff(&arg);
  const float sum = (logits.row(r).array() - mx).exp().sum();
  ce = static_cast<double>(std::log(sum) - (logits(r, y) - mx));
  argmax = static_cast<int>(arg);
}

std::vector<std::uint8_t>& ablation_of(HeadAblation& a, AttnBlock b) {
  return b == AttnBlock::kEncoder ? a.enc : b == AttnBlock::kDecoder ? a.dec : a.cross;
}

}  // namespace

std::string check_transformer_trainer(const TransformerTrainerConfig& c) {
  std::string s = check_make_task(c.task);
  if (!s.empty()) return "TransformerTrainer: " + s;
  s = check_transformer_config(model_for(c), "TransformerTrainer");
  if (!s.empty()) return s;
  s = check_adam_config(c.adam, "TransformerTrainer");
  if (!s.empty()) return s;
  if (c.batch_size < 1 || c.batch_size > kTransformerMaxBatch || c.batch_size > c.task.train_size) {
    Msg o;
    o << "TransformerTrainer: batch_size must be in [1, min(" << kTransformerMaxBatch
      << ", train_size " << c.task.train_size << ")], got " << c.batch_size;
    return o.str();
  }
  return "";
}

TransformerLabDefaults transformer_lab_defaults(TaskKind kind) {
  TransformerLabDefaults d;
  TransformerTrainerConfig& c = d.config;
  c.task.kind = kind;
  c.task.seed = 1;
  c.task.train_size = 20000;
  c.task.test_per_length = 40;
  c.model.d_model = 32;
  c.model.d_ff = 64;
  c.model.positional = PositionalKind::kSinusoidal;
  c.model.seed = 1;
  c.adam.lr = 3e-3f;
  c.adam.clip = 5.0f;
  c.adam.warmup = 0;
  c.batch_size = 32;
  c.shuffle_seed = 1;
  if (kind == TaskKind::kInduction) {
    c.task.min_len = 3;
    c.task.max_len = 10;
    c.model.kind = TransformerKind::kDecoderOnly;
    c.model.n_heads = 1;
    c.model.enc_layers = 0;
    c.model.dec_layers = 2;
    c.adam.decay_after = 0;
    d.steps = 2000;
  } else {
    c.task.min_len = 3;
    c.task.max_len = 16;
    c.model.kind = TransformerKind::kEncoderDecoder;
    c.model.n_heads = 4;
    c.model.enc_layers = 2;
    c.model.dec_layers = 2;
    c.adam.decay_after = 600;
    d.steps = 1000;
    if (kind == TaskKind::kReversal) {  // position arithmetic: slower and noisier to learn
      c.adam.lr = 2e-3f;
      c.adam.warmup = 100;
      d.steps = 3000;
    }
  }
  c.model = model_for(c);
  return d;
}

TransformerTrainer::TransformerTrainer(const TransformerTrainerConfig& config)
    : config_(config), rng_(config.shuffle_seed) {
  require(check_transformer_trainer(config));
  config_.model = model_for(config);
  make_task(config_.task, task_);
  transformer_init(config_.model, w_);
  transformer_zeros_like(w_, g_);
}

void TransformerTrainer::reset_optimizer() { adam_ = AdamState<float>(); }

// The next mini-batch, as the GRU trainer makes them: each epoch shuffles the training set,
// sorts it by length (stable), cuts it into batches of B (the remainder waits) and shuffles the
// batch order, so a batch holds one length and needs no padding.
void TransformerTrainer::next_batch() {
  const std::size_t B = static_cast<std::size_t>(config_.batch_size);
  if (order_.empty() || cursor_ + B > order_.size()) {
    if (!order_.empty()) ++epoch_;
    const std::size_t n = task_.train.size();
    std::vector<int> perm(n);
    for (std::size_t i = 0; i < n; ++i) perm[i] = static_cast<int>(i);
    for (std::size_t i = n; i > 1; --i)
      std::swap(perm[i - 1], perm[static_cast<std::size_t>(rng_.uniform_int(static_cast<int>(i)))]);
    std::stable_sort(perm.begin(), perm.end(), [&](int x, int y) {
      return example_length(task_.kind, task_.train[static_cast<std::size_t>(x)]) <
             example_length(task_.kind, task_.train[static_cast<std::size_t>(y)]);
    });
    const std::size_t n_batches = n / B;
    std::vector<int> batch_order(n_batches);
    for (std::size_t i = 0; i < n_batches; ++i) batch_order[i] = static_cast<int>(i);
    for (std::size_t i = n_batches; i > 1; --i)
      std::swap(batch_order[i - 1],
                batch_order[static_cast<std::size_t>(rng_.uniform_int(static_cast<int>(i)))]);
    order_.clear();
    for (int k : batch_order)
      order_.insert(order_.end(), perm.begin() + static_cast<long>(std::size_t(k) * B),
                    perm.begin() + static_cast<long>((std::size_t(k) + 1) * B));
    cursor_ = 0;
  }
  indices_.assign(order_.begin() + static_cast<long>(cursor_),
                  order_.begin() + static_cast<long>(cursor_ + B));
  cursor_ += B;
  transformer_make_batch(config_.model.kind, task_.train, indices_, batch_);
}

float TransformerTrainer::train_steps(int n) {
  if (n < 1 || n > 1000000) {
    Msg s;
    s << "TransformerTrainer.train_steps: n must be in [1, 1000000], got " << n;
    fail(s.str());
  }
  // The blocks in state_dict order (rebuilt: mutable_weights() may have replaced matrices).
  wp_ = transformer_param_list(w_);
  gp_ = transformer_param_list(g_);
  gcp_.assign(gp_.begin(), gp_.end());
  double total = 0;
  for (int i = 0; i < n; ++i) {
    next_batch();
    total += transformer_loss_and_grad(config_.model, w_, batch_, rs_, g_, ablation_ptr());
    last_norm_ = clip_grad_norm<float>(gp_, config_.adam.clip);
    adam_step<float>(config_.adam, wp_, gcp_, adam_);
    ++steps_;
  }
  return static_cast<float>(total / n);
}

// ------------------------------------------------------------------------------------------
// Decoding.
namespace {

// Greedy decoding of B source sentences (batch-major src, B*Sn) after the checks: tokens[b] gets
// sentence b's ids without <eos>, finished[b] whether <eos> came, prob (if given) the
// probability of every id chosen for sentence 0 until it finished. Returns the steps run; rs
// then holds the decoder pass of the last step (T = steps).
int greedy(const TransformerConfig& c, const TransformerWeights<float>& w, const int* src, int B,
           int Sn, int max_steps, TransformerRunState<float>& rs, const HeadAblation* abl,
           std::vector<std::vector<int>>& tokens, std::vector<char>& finished,
           std::vector<float>* prob) {
  tf::encoder_forward<float>(c, w, src, B, Sn, rs, abl);
  tokens.assign(std::size_t(B), std::vector<int>());
  finished.assign(std::size_t(B), 0);
  if (prob) prob->clear();
  std::vector<int> seq(std::size_t(B) * std::size_t(max_steps + 1), kPad);  // row b: <bos> y_1 ..
  for (int b = 0; b < B; ++b) seq[std::size_t(b) * std::size_t(max_steps + 1)] = kBos;
  std::vector<int> tin;
  int done = 0, steps = 0;
  for (int t = 0; t < max_steps && done < B; ++t) {
    // 1. The decoder over <bos> y_1 .. y_t (causal: position t sees only its prefix).
    const int T = t + 1;
    tin.resize(std::size_t(B) * std::size_t(T));
    for (int b = 0; b < B; ++b)
      for (int s = 0; s < T; ++s)
        tin[std::size_t(b) * std::size_t(T) + std::size_t(s)] =
            seq[std::size_t(b) * std::size_t(max_steps + 1) + std::size_t(s)];
    tf::decoder_forward<float>(c, w, src, tin.data(), B, T, rs, abl);
    // 2. The argmax of position t (first maximum on ties).
    for (int b = 0; b < B; ++b) {
      const Eigen::Index r = Eigen::Index(b) * T + t;
      Eigen::Index arg = 0;
      const float mx = rs.logits.row(r).maxCoeff(&arg);
      const int y = static_cast<int>(arg);
      if (prob && b == 0 && !finished[0])
        prob->push_back(1.0f / (rs.logits.row(r).array() - mx).exp().sum());
      seq[std::size_t(b) * std::size_t(max_steps + 1) + std::size_t(T)] = y;
      if (finished[std::size_t(b)]) continue;
      if (y == kEos) {
        finished[std::size_t(b)] = 1;
        ++done;
      } else {
        tokens[std::size_t(b)].push_back(y);
      }
    }
    steps = T;
  }
  return steps;
}

// maps[l][h] = the (T_q, T_k) weights of head h of sequence 0 in `weights`.
void split_heads(const Mat& weights, int n_heads, int Tq, std::vector<Mat>& maps) {
  maps.resize(std::size_t(n_heads));
  for (int h = 0; h < n_heads; ++h)
    maps[std::size_t(h)] = weights.middleRows(Eigen::Index(h) * Tq, Tq);
}

}  // namespace

std::string TransformerTrainer::check_translate(const std::vector<int>& src, const char* fn) const {
  Msg s;
  const bool only = config_.model.kind == TransformerKind::kDecoderOnly;
  const int V = only ? config_.model.tgt_vocab : config_.model.src_vocab;
  if (src.empty() || src.size() > std::size_t(kTransformerMaxLen)) {
    s << fn << ": " << (only ? "ids" : "src") << " must hold 1.." << kTransformerMaxLen
      << " ids, got " << src.size();
    return s.str();
  }
  for (std::size_t i = 0; i < src.size(); ++i)
    if (src[i] < 0 || src[i] >= V) {
      s << fn << ": " << (only ? "ids[" : "src[") << i << "] = " << src[i] << " is outside [0, "
        << V << ")";
      return s.str();
    }
  return s.str();
}

void TransformerTrainer::translate(const std::vector<int>& src, TransformerDecode& out) {
  require(check_translate(src));
  const TransformerConfig& c = config_.model;
  const int len = static_cast<int>(src.size());
  out.enc_self.clear();
  out.dec_self.clear();
  out.cross.clear();
  if (c.kind == TransformerKind::kDecoderOnly) {
    // The model over the ids as given; output i = the prediction of token i+1.
    rs_.T_src = 0;
    tf::decoder_forward<float>(c, w_, nullptr, src.data(), 1, len, rs_, ablation_ptr());
    out.tokens.resize(std::size_t(len));
    out.prob.resize(std::size_t(len));
    out.finished = false;
    for (int i = 0; i < len; ++i) {
      Eigen::Index arg = 0;
      const float mx = rs_.logits.row(i).maxCoeff(&arg);
      out.tokens[std::size_t(i)] = static_cast<int>(arg);
      out.prob[std::size_t(i)] = 1.0f / (rs_.logits.row(i).array() - mx).exp().sum();
    }
    out.dec_self.resize(std::size_t(c.dec_layers));
    for (int l = 0; l < c.dec_layers; ++l)
      split_heads(rs_.attention(AttnBlock::kDecoder, l), c.n_heads, len,
                  out.dec_self[std::size_t(l)]);
    return;
  }
  const int max_steps = std::min(kTransformerMaxLen, 2 * len + 2);
  std::vector<std::vector<int>> tokens;
  std::vector<char> finished;
  const int steps = greedy(c, w_, src.data(), 1, len, max_steps, rs_, ablation_ptr(), tokens,
                           finished, &out.prob);
  out.tokens = tokens[0];
  out.finished = finished[0] != 0;
  out.enc_self.resize(std::size_t(c.enc_layers));
  for (int l = 0; l < c.enc_layers; ++l)
    split_heads(rs_.attention(AttnBlock::kEncoder, l), c.n_heads, len,
                out.enc_self[std::size_t(l)]);
  out.dec_self.resize(std::size_t(c.dec_layers));
  out.cross.resize(std::size_t(c.dec_layers));
  for (int l = 0; l < c.dec_layers; ++l) {
    split_heads(rs_.attention(AttnBlock::kDecoder, l), c.n_heads, steps,
                out.dec_self[std::size_t(l)]);
    split_heads(rs_.attention(AttnBlock::kCross, l), c.n_heads, steps, out.cross[std::size_t(l)]);
  }
}

std::string TransformerTrainer::check_sequence(const std::vector<int>& src,
                                               const std::vector<int>& tgt_in,
                                               const std::vector<int>* tgt_out,
                                               const char* fn) const {
  const TransformerConfig& c = config_.model;
  Msg s;
  if (c.kind == TransformerKind::kDecoderOnly) {
    if (!src.empty()) {
      s << fn << ": the decoder-only model takes no src, got " << src.size() << " ids";
      return s.str();
    }
  } else {
    std::string m = check_translate(src, fn);
    if (!m.empty()) return m;
  }
  if (tgt_in.empty() || tgt_in.size() > std::size_t(kTransformerMaxLen)) {
    s << fn << ": tgt_in must hold 1.." << kTransformerMaxLen << " ids, got " << tgt_in.size();
    return s.str();
  }
  if (tgt_out && tgt_out->size() != tgt_in.size()) {
    s << fn << ": tgt_out has " << tgt_out->size() << " ids but tgt_in " << tgt_in.size();
    return s.str();
  }
  for (std::size_t i = 0; i < tgt_in.size(); ++i) {
    const int a = tgt_in[i], b = tgt_out ? (*tgt_out)[i] : 0;
    if (a < 0 || a >= c.tgt_vocab || b < 0 || b >= c.tgt_vocab) {
      s << fn << ": tgt_in/tgt_out[" << i << "] = " << a << "/" << b << " is outside [0, "
        << c.tgt_vocab << ")";
      return s.str();
    }
  }
  return s.str();
}

void TransformerTrainer::logits(const std::vector<int>& src, const std::vector<int>& tgt_in,
                                Mat& out) {
  require(check_sequence(src, tgt_in, nullptr, "TransformerTrainer.logits"));
  TransformerBatch b;
  b.B = 1;
  b.S = static_cast<int>(src.size());
  b.T = static_cast<int>(tgt_in.size());
  b.src = src;
  b.tgt_in = tgt_in;
  b.tgt_out.assign(tgt_in.size(), kPad);
  tf::forward<float>(config_.model, w_, b, rs_, ablation_ptr());
  out = rs_.logits;
}

float TransformerTrainer::gradients(const std::vector<int>& src, const std::vector<int>& tgt_in,
                                    const std::vector<int>& tgt_out,
                                    TransformerWeights<float>& out) {
  require(check_sequence(src, tgt_in, &tgt_out, "TransformerTrainer.gradients"));
  TransformerBatch b;
  b.B = 1;
  b.S = static_cast<int>(src.size());
  b.T = static_cast<int>(tgt_in.size());
  b.src = src;
  b.tgt_in = tgt_in;
  b.tgt_out = tgt_out;
  return transformer_loss_and_grad(config_.model, w_, b, rs_, out, ablation_ptr());
}

// ------------------------------------------------------------------------------------------
// Evaluation.

void TransformerTrainer::evaluate(std::vector<LengthAccuracy>& out) {
  const TransformerConfig& c = config_.model;
  const std::vector<Example>& ex = task_.test;
  const int n = static_cast<int>(ex.size());
  std::vector<int> idx;
  TransformerBatch bt;
  if (c.kind == TransformerKind::kDecoderOnly) {
    // Teacher forcing; rows keyed by (p, half).
    std::map<std::pair<int, int>, LengthAccuracy> rows;
    std::map<std::pair<int, int>, double> loss;
    for (int start = 0; start < n; start += kEvalBatch) {
      idx.clear();
      for (int i = start; i < std::min(n, start + kEvalBatch); ++i) idx.push_back(i);
      transformer_make_batch(c.kind, ex, idx, bt);
      tf::forward<float>(c, w_, bt, rs_, ablation_ptr());
      for (int b = 0; b < bt.B; ++b) {
        const Example& e = ex[std::size_t(idx[std::size_t(b)])];
        const int half_n = example_length(task_.kind, e);
        for (int p = 0; p < 2 * half_n; ++p) {
          const Eigen::Index r = Eigen::Index(b) * bt.T + p;
          const int y = bt.tgt_out[std::size_t(r)];
          double ce = 0;
          int arg = 0;
          row_ce(rs_.logits, r, y, ce, arg);
          const std::pair<int, int> key(p, p > half_n ? 1 : 0);
          LengthAccuracy& a = rows[key];
          a.length = p;
          a.half = key.second;
          ++a.sentences;
          ++a.tokens;
          if (arg == y) ++a.correct;
          loss[key] += ce;
        }
      }
    }
    out.clear();
    for (auto& kv : rows) {
      kv.second.loss = loss[kv.first] / std::max(kv.second.tokens, 1);
      out.push_back(kv.second);
    }
    return;
  }
  // Encoder–decoder: greedy decoding per source length, as seq2seq_evaluate_by_length, plus the
  // teacher-forced loss of every bucket.
  int lo = kTransformerMaxLen, hi = 0;
  for (const Example& e : ex) {
    lo = std::min(lo, static_cast<int>(e.src.size()));
    hi = std::max(hi, static_cast<int>(e.src.size()));
  }
  out.assign(std::size_t(std::max(hi - lo + 1, 1)), LengthAccuracy());
  std::vector<double> loss(out.size(), 0.0);
  std::vector<int> loss_n(out.size(), 0);
  for (std::size_t k = 0; k < out.size(); ++k) out[k].length = lo + static_cast<int>(k);
  std::vector<std::vector<int>> decoded;
  std::vector<char> finished;
  for (int start = 0; start < n; start += kEvalBatch) {
    idx.clear();
    for (int i = start; i < std::min(n, start + kEvalBatch); ++i) idx.push_back(i);
    transformer_make_batch(c.kind, ex, idx, bt);
    // 1. Teacher-forced loss.
    tf::forward<float>(c, w_, bt, rs_, ablation_ptr());
    for (int b = 0; b < bt.B; ++b) {
      const std::size_t k =
          ex[std::size_t(idx[std::size_t(b)])].src.size() - static_cast<std::size_t>(lo);
      for (int t = 0; t < bt.T; ++t) {
        const Eigen::Index r = Eigen::Index(b) * bt.T + t;
        const int y = bt.tgt_out[std::size_t(r)];
        if (y == kPad) continue;
        double ce = 0;
        int arg = 0;
        row_ce(rs_.logits, r, y, ce, arg);
        loss[k] += ce;
        ++loss_n[k];
      }
    }
    // 2. Greedy decoding.
    greedy(c, w_, bt.src.data(), bt.B, bt.S, bt.T, rs_, ablation_ptr(), decoded, finished, nullptr);
    for (std::size_t b = 0; b < idx.size(); ++b) {
      const Example& e = ex[std::size_t(idx[b])];
      LengthAccuracy& acc = out[e.src.size() - static_cast<std::size_t>(lo)];
      const std::vector<int>& d = decoded[b];
      ++acc.sentences;
      acc.tokens += static_cast<int>(e.tgt.size());
      for (std::size_t i = 0; i < e.tgt.size(); ++i)
        if (i < d.size() && d[i] == e.tgt[i]) ++acc.correct;
      if (d == e.tgt) ++acc.exact;
    }
  }
  for (std::size_t k = 0; k < out.size(); ++k) out[k].loss = loss[k] / std::max(loss_n[k], 1);
}

double TransformerTrainer::repeated_half_loss() { return test_loss().repeated_half; }

// ------------------------------------------------------------------------------------------
// Head scores.

void TransformerTrainer::head_scores(std::vector<HeadScore>& out) {
  const TransformerConfig& c = config_.model;
  const bool only = c.kind == TransformerKind::kDecoderOnly;
  const int H = c.n_heads;
  struct Acc {
    double prev = 0, ind = 0, align = 0;
    long n_prev = 0, n_ind = 0, n_align = 0;
  };
  struct BlockInfo {
    AttnBlock block;
    int layers;
  };
  std::vector<BlockInfo> blocks;
  if (!only) blocks.push_back({AttnBlock::kEncoder, c.enc_layers});
  blocks.push_back({AttnBlock::kDecoder, c.dec_layers});
  if (!only) blocks.push_back({AttnBlock::kCross, c.dec_layers});
  std::vector<std::vector<Acc>> acc(blocks.size());
  for (std::size_t k = 0; k < blocks.size(); ++k)
    acc[k].assign(std::size_t(blocks[k].layers) * std::size_t(H), Acc());

  const std::vector<Example>& ex = task_.test;
  const int n = static_cast<int>(ex.size());
  std::vector<int> idx;
  TransformerBatch bt;
  std::vector<int> align, last_seen;
  for (int start = 0; start < n; start += kEvalBatch) {
    idx.clear();
    for (int i = start; i < std::min(n, start + kEvalBatch); ++i) idx.push_back(i);
    transformer_make_batch(c.kind, ex, idx, bt);
    tf::forward<float>(c, w_, bt, rs_, ablation_ptr());
    for (int b = 0; b < bt.B; ++b) {
      const Example& e = ex[std::size_t(idx[std::size_t(b)])];
      const int s_len = static_cast<int>(e.src.size());
      const int t_len = static_cast<int>(e.tgt.size()) + (only ? 0 : 1);  // non-pad queries
      align = only ? std::vector<int>() : reference_alignment(task_.kind, e.src);
      for (std::size_t k = 0; k < blocks.size(); ++k) {
        const AttnBlock blk = blocks[k].block;
        const bool enc = blk == AttnBlock::kEncoder, cross = blk == AttnBlock::kCross;
        const int Tq = enc ? bt.S : bt.T, Tk = cross || enc ? bt.S : bt.T;
        const int nq = enc ? s_len : t_len;
        const int* ids = enc ? bt.src.data() + std::size_t(b) * std::size_t(bt.S)
                             : bt.tgt_in.data() + std::size_t(b) * std::size_t(bt.T);
        // The latest earlier occurrence of each query's token (self-attention only).
        last_seen.assign(std::size_t(nq), -1);
        if (!cross)
          for (int i = 0; i < nq; ++i) {
            if (ids[i] < kNumSpecial) continue;
            for (int j = i - 1; j >= 0; --j)
              if (ids[j] == ids[i]) {
                last_seen[std::size_t(i)] = j;
                break;
              }
          }
        for (int l = 0; l < blocks[k].layers; ++l) {
          const Mat& W = rs_.attention(blk, l);
          for (int h = 0; h < H; ++h) {
            Acc& a = acc[k][std::size_t(l) * std::size_t(H) + std::size_t(h)];
            const Eigen::Index r0 = (Eigen::Index(b) * H + h) * Tq;
            for (int i = 0; i < nq; ++i) {
              const Eigen::Index r = r0 + i;
              if (i >= 1 && (!cross || i - 1 < s_len)) {
                a.prev += static_cast<double>(W(r, i - 1));
                ++a.n_prev;
              }
              if (!cross && last_seen[std::size_t(i)] >= 0) {
                a.ind += static_cast<double>(W(r, last_seen[std::size_t(i)] + 1));
                ++a.n_ind;
              }
              if (cross && i < static_cast<int>(align.size()) && align[std::size_t(i)] < Tk) {
                a.align += static_cast<double>(W(r, align[std::size_t(i)]));
                ++a.n_align;
              }
            }
          }
        }
      }
    }
  }
  out.clear();
  for (std::size_t k = 0; k < blocks.size(); ++k)
    for (int l = 0; l < blocks[k].layers; ++l)
      for (int h = 0; h < H; ++h) {
        const Acc& a = acc[k][std::size_t(l) * std::size_t(H) + std::size_t(h)];
        HeadScore s;
        s.block = blocks[k].block;
        s.layer = l;
        s.head = h;
        s.enabled = head_enabled(s.block, l, h);
        s.previous_token = a.n_prev > 0 ? a.prev / static_cast<double>(a.n_prev) : kNaN;
        s.induction = a.n_ind > 0 ? a.ind / static_cast<double>(a.n_ind) : kNaN;
        s.alignment = a.n_align > 0 ? a.align / static_cast<double>(a.n_align) : kNaN;
        out.push_back(s);
      }
}

// ------------------------------------------------------------------------------------------
// Ablation.

std::string TransformerTrainer::check_head(AttnBlock block, int layer, int head,
                                           const char* fn) const {
  const TransformerConfig& c = config_.model;
  const bool only = c.kind == TransformerKind::kDecoderOnly;
  Msg s;
  int layers = -1;
  if (block == AttnBlock::kEncoder && !only) layers = c.enc_layers;
  if (block == AttnBlock::kDecoder) layers = c.dec_layers;
  if (block == AttnBlock::kCross && !only) layers = c.dec_layers;
  if (layers < 0) {
    s << fn << ": block " << static_cast<int>(block) << " does not exist in the "
      << (only ? "decoder-only model (its layers are block decoder (1))"
               : "encoder-decoder model (encoder 0, decoder 1, cross 2)");
  } else if (layer < 0 || layer >= layers) {
    s << fn << ": layer " << layer << " is outside [0, " << layers << ") of block "
      << attn_block_name(block);
  } else if (head < 0 || head >= c.n_heads) {
    s << fn << ": head " << head << " is outside [0, " << c.n_heads << ")";
  }
  return s.str();
}

void TransformerTrainer::set_head_enabled(AttnBlock block, int layer, int head, bool enabled) {
  require(check_head(block, layer, head));
  const TransformerConfig& c = config_.model;
  std::vector<std::uint8_t>& v = ablation_of(ablation_, block);
  const int layers = block == AttnBlock::kEncoder ? c.enc_layers : c.dec_layers;
  if (v.empty()) v.assign(std::size_t(layers) * std::size_t(c.n_heads), 0);
  v[std::size_t(layer) * std::size_t(c.n_heads) + std::size_t(head)] = enabled ? 0 : 1;
}

bool TransformerTrainer::head_enabled(AttnBlock block, int layer, int head) const {
  if (!check_head(block, layer, head, "TransformerTrainer.head_enabled").empty()) return false;
  const std::vector<std::uint8_t>& v = ablation_of(const_cast<HeadAblation&>(ablation_), block);
  if (v.empty()) return true;
  return v[std::size_t(layer) * std::size_t(config_.model.n_heads) + std::size_t(head)] == 0;
}

}  // namespace attn
