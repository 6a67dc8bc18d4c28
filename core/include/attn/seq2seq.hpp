// attn/seq2seq.hpp — the bottleneck lab's model: a small GRU encoder–decoder trained with
// teacher forcing, in two variants of the same size (Bahdanau et al. 2014, Fig 2 and 3):
//   kNone      the decoder sees the source only through the final encoder state h_T
//              (it starts from s_0 = h_T and reads c_t = h_T at every step — the fixed
//              context vector of Cho et al. 2014);
//   kAdditive  at every step it attends over all encoder states h_1..h_T with Bahdanau's
//              score e_tj = v·tanh(W_q s_{t-1} + W_k h_j) and reads the context c_t = Σ α_tj h_j;
//   kDot       the same with Luong's multiplicative ("general") score e_tj = (W_a s_{t-1})·h_j.
// Step t of the decoder (both variants):
//   1. c_t = context (above)                                       (B, h)
//   2. s_t = GRU(s_{t-1}, [emb(y_{t-1}); c_t])                     (B, h)
//   3. p_t = softmax(W_o [s_t; c_t] + b_o)                         (B, V_t)
// Also: backpropagation through time, Adam with bias correction, global-norm gradient
// clipping, seeded initialisation, greedy decoding with the per-step attention weights and
// context vectors, and token accuracy by source length. A trainer bundles it for the lab.
// The math is templated on the scalar (float for the lab, double for the gradient checks).
// It does not generate data (attn/tasks.hpp), does no I/O, and knows nothing of Emscripten.
//
// Layout: a mini-batch of B sentences is time-major: row t*B + b of a (T*B, ·) matrix is step t
// of sentence b. Shape legend: T_s source tokens, T_t target steps, E embedding width,
// h hidden width, a additive-attention width, V_s / V_t source / target vocabulary sizes.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "attn/adam.hpp"
#include "attn/tasks.hpp"
#include "attn/types.hpp"

namespace attn {

enum class AttentionKind { kNone = 0, kAdditive = 1, kDot = 2 };

// Limits of the lab's model (the checks reject anything beyond them).
constexpr int kSeq2SeqMaxVocab = 1024;
constexpr int kSeq2SeqMaxWidth = 512;  // E, h, a
constexpr int kSeq2SeqMaxLen = 64;     // T_s, T_t
constexpr int kSeq2SeqMaxBatch = 512;  // B

struct Seq2SeqConfig {
  int src_vocab = 0;     // V_s
  int tgt_vocab = 0;     // V_t
  int embed = 32;        // E
  int hidden = 64;       // h
  int attn_hidden = 64;  // a (kAdditive only)
  AttentionKind attention = AttentionKind::kAdditive;
  std::uint64_t seed = 1;  // initialisation
};

// "" when the config is valid, else a message starting with `fn`.
std::string check_seq2seq_config(const Seq2SeqConfig& c, const char* fn = "seq2seq");

// The parameters. GRU gates are stacked [z | r | n]: z update, r reset, n candidate;
//   z = σ(x W_z^T + h U_z^T + b_z), r = σ(x W_r^T + h U_r^T + b_r),
//   n = tanh(x W_n^T + (r ⊙ h) U_n^T + b_n), h' = (1 − z) ⊙ n + z ⊙ h.
// Blocks of an attention kind the config does not use are empty (0, 0).
template <typename S>
struct Seq2SeqWeights {
  MatT<S> src_emb;  // src_emb: (V_s, E)
  MatT<S> tgt_emb;  // tgt_emb: (V_t, E)
  MatT<S> enc_W;    // enc_W:   (3h, E)   input → [z r n]
  MatT<S> enc_Uzr;  // enc_Uzr: (2h, h)   state → [z r]
  MatT<S> enc_Un;   // enc_Un:  (h, h)    (r ⊙ state) → n
  MatT<S> enc_b;    // enc_b:   (1, 3h)
  MatT<S> dec_We;   // dec_We:  (3h, E)   emb(y_{t-1}) → [z r n]
  MatT<S> dec_Wc;   // dec_Wc:  (3h, h)   c_t → [z r n]
  MatT<S> dec_Uzr;  // dec_Uzr: (2h, h)
  MatT<S> dec_Un;   // dec_Un:  (h, h)
  MatT<S> dec_b;    // dec_b:   (1, 3h)
  MatT<S> out_W;    // out_W:   (V_t, 2h) [s_t; c_t] → logits
  MatT<S> out_b;    // out_b:   (1, V_t)
  MatT<S> att_Wq;   // att_Wq:  (a, h)    kAdditive: s_{t-1} → query
  MatT<S> att_Wk;   // att_Wk:  (a, h)    kAdditive: h_j → key
  MatT<S> att_v;    // att_v:   (1, a)    kAdditive
  MatT<S> att_Wa;   // att_Wa:  (h, h)    kDot: e_tj = (W_a s_{t-1})·h_j
};

// Calls f(name, block) for every non-empty parameter block, always in the same order.
template <typename S, typename F>
void seq2seq_for_each_block(Seq2SeqWeights<S>& w, F&& f) {
  std::pair<const char*, MatT<S>*> blocks[] = {
      {"src_emb", &w.src_emb}, {"tgt_emb", &w.tgt_emb}, {"enc_W", &w.enc_W},
      {"enc_Uzr", &w.enc_Uzr}, {"enc_Un", &w.enc_Un},   {"enc_b", &w.enc_b},
      {"dec_We", &w.dec_We},   {"dec_Wc", &w.dec_Wc},   {"dec_Uzr", &w.dec_Uzr},
      {"dec_Un", &w.dec_Un},   {"dec_b", &w.dec_b},     {"out_W", &w.out_W},
      {"out_b", &w.out_b},     {"att_Wq", &w.att_Wq},   {"att_Wk", &w.att_Wk},
      {"att_v", &w.att_v},     {"att_Wa", &w.att_Wa}};
  for (auto& nb : blocks)
    if (nb.second->size() > 0) f(nb.first, *nb.second);
}

// Sizes every block for `c` and fills it: weights uniform in ±1/sqrt(fan_in) (embeddings ±1)
// from attn::Rng(c.seed), biases 0. The same seed gives the same values for float and double.
// Throws attn::Error on an invalid config.
template <typename S>
void seq2seq_init(const Seq2SeqConfig& c, Seq2SeqWeights<S>& w);

// Sizes every block of `out` like `like` and sets it to 0.
template <typename S>
void seq2seq_zeros_like(const Seq2SeqWeights<S>& like, Seq2SeqWeights<S>& out);

// Number of parameters.
template <typename S>
long seq2seq_parameter_count(const Seq2SeqWeights<S>& w);

// FNV-1a over the bytes of every block in seq2seq_for_each_block's order: equal checksums mean
// bitwise-equal weights (for tests and the lab's determinism checks; not a cryptographic hash).
std::uint32_t seq2seq_weights_checksum(const Seq2SeqWeights<float>& w);

// A padded, time-major mini-batch.
struct Seq2SeqBatch {
  int B = 0, T_s = 0, T_t = 0;
  std::vector<int> src;      // src:     (T_s * B) source ids, kPad past src_len[b]
  std::vector<int> src_len;  // src_len: (B), 1 ≤ src_len[b] ≤ T_s
  std::vector<int> tgt_in;   // tgt_in:  (T_t * B) <bos> y_1 .. y_n, kPad after
  std::vector<int> tgt_out;  // tgt_out: (T_t * B) y_1 .. y_n <eos>, kPad after (no loss)
};

// "" when every example has 1 ≤ |src| ≤ kSeq2SeqMaxLen, |tgt| + 1 ≤ kSeq2SeqMaxLen and
// 1 ≤ count ≤ kSeq2SeqMaxBatch, else a message starting with "seq2seq_make_batch".
std::string check_seq2seq_make_batch(const std::vector<Example>& examples,
                                     const std::vector<int>& indices);
// Packs examples[indices[i]] as sentence i. Throws attn::Error on invalid arguments.
void seq2seq_make_batch(const std::vector<Example>& examples, const std::vector<int>& indices,
                        Seq2SeqBatch& out);
// "" when the batch fits the config (ids in range, consistent sizes), else a message
// starting with `fn`.
std::string check_seq2seq_batch(const Seq2SeqConfig& c, const Seq2SeqBatch& batch,
                                const char* fn = "seq2seq_loss");

// Workspaces of one forward/backward pass, reused across calls (grown, never shrunk, so a
// training loop of steady batch shapes allocates nothing after its first step).
template <typename S>
struct Seq2SeqRunState {
  // Encoder (rows t*B + b).
  MatT<S> enc_X;                        // enc_X:   (T_s*B, E)     source embeddings
  MatT<S> enc_Gx;                       // enc_Gx:  (T_s*B, 3h)    X W^T + b
  MatT<S> enc_Z, enc_R, enc_N, enc_RH;  // each (T_s*B, h): gates, candidate, r ⊙ h_{j-1}
  MatT<S> enc_H;                        // enc_H:   ((T_s+1)*B, h) block 0 = 0, block j+1 = h_{j+1}
  // Decoder.
  MatT<S> dec_X;   // dec_X:   (T_t*B, E)     target input embeddings emb(y_{t-1})
  MatT<S> dec_Gx;  // dec_Gx:  (T_t*B, 3h)    X W_e^T + b (+ c_t W_c^T during the step)
  MatT<S> dec_Z, dec_R, dec_N, dec_RH;  // each (T_t*B, h)
  MatT<S> dec_S;  // dec_S:   ((T_t+1)*B, h) block 0 = s_0 = h_T, block t+1 = s_{t+1}
  MatT<S> dec_C;  // dec_C:   (T_t*B, h)     contexts c_t
  MatT<S> att_K;  // att_K:   (T_s*B, a)     kAdditive: h_j W_k^T
  MatT<S> att_Q;  // att_Q:   (T_t*B, a|h)   queries s_{t-1} W_q^T (or W_a^T)
  MatT<S> att_P;  // att_P:   (T_t*T_s*B, a) kAdditive: tanh(K_j + Q_t), block t*T_s + j
  MatT<S> att_A;  // att_A:   (T_t*B, T_s)   attention weights α_t
  MatT<S> att_E;  // att_E:   (B, T_s)       scratch: scores / dα
  MatT<S> probs;  // probs:   (T_t*B, V_t)   softmax outputs, then dlogits in backward
  // Backward and scratch.
  MatT<S> d_S, d_C;                  // each (T_t*B, h)
  MatT<S> d_decGx;                   // (T_t*B, 3h)
  MatT<S> d_encGx;                   // (T_s*B, 3h)
  MatT<S> d_H;                       // (T_s*B, h)  dL/dh_j through attention
  MatT<S> d_K;                       // (T_s*B, a)
  MatT<S> d_Q;                       // (T_t*B, a|h)
  MatT<S> d_X;                       // (max(T_s,T_t)*B, E)
  MatT<S> tmp_Bh, tmp_Bh2, tmp_Bh3;  // each (B, h)
  MatT<S> tmp_B2h;                   // (B, 2h)
  MatT<S> tmp_B3h;                   // (B, 3h)
  MatT<S> tmp_BV;                    // (B, V_t)
  MatT<S> tmp_Ba;                    // (B, a)
  int tokens = 0;  // target tokens (with <eos>) that carried loss in the last pass
};

// Mean cross-entropy per target token (each sentence's tokens and its <eos>) of the batch
// under teacher forcing. Throws attn::Error when the batch does not fit the config.
template <typename S>
S seq2seq_loss(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, const Seq2SeqBatch& batch,
               Seq2SeqRunState<S>& rs);

// The same loss, and its gradient with respect to every block written into `grads` (sized
// like `w` by this call) by backpropagation through time.
template <typename S>
S seq2seq_loss_and_grad(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w,
                        const Seq2SeqBatch& batch, Seq2SeqRunState<S>& rs,
                        Seq2SeqWeights<S>& grads);

// Scales every block of `grads` by max_norm / ‖grads‖ when the global L2 norm exceeds
// max_norm (> 0). Returns the norm before clipping.
template <typename S>
S seq2seq_clip_grad_norm(Seq2SeqWeights<S>& grads, S max_norm);

// One Adam step (attn/adam.hpp) over every block in seq2seq_for_each_block's order, moments
// created on the first call:
//   m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  w ← w − lr_t · (m/(1−β1^t)) / (sqrt(v/(1−β2^t)) +
//   ε)
// with lr_t = lr, or lr · sqrt(decay_after / t) once t > decay_after > 0.
template <typename S>
void adam_step(const AdamConfig& a, Seq2SeqWeights<S>& w, const Seq2SeqWeights<S>& grads,
               AdamState<S>& state);

// Greedy decoding of one source sentence, with everything the lab displays.
struct Seq2SeqDecode {
  std::vector<int> tokens;  // tokens: (T_out) decoded ids, without the final <eos>
  bool finished = false;    // <eos> was produced within max_steps
  Mat attention;            // attention: (T_out + finished, T_s) α_t; (·, 0) for kNone
  Mat context;              // context:   (T_out + finished, h)   c_t (h_T at every step for kNone)
  Mat states;               // states:    (T_out + finished, h)   s_t
  std::vector<float> prob;  // prob: (T_out + finished) probability of each chosen token
  Mat encoder;              // encoder:   (T_s, h)                h_1 .. h_T
};

// "" when src is a valid source sentence for `c` (1..kSeq2SeqMaxLen ids in [0, V_s)) and
// 1 ≤ max_steps ≤ kSeq2SeqMaxLen, else a message starting with "seq2seq_greedy_decode".
std::string check_seq2seq_greedy_decode(const Seq2SeqConfig& c, const std::vector<int>& src,
                                        int max_steps);
void seq2seq_greedy_decode(const Seq2SeqConfig& c, const Seq2SeqWeights<float>& w,
                           const std::vector<int>& src, int max_steps, Seq2SeqRunState<float>& rs,
                           Seq2SeqDecode& out);

// Greedy decoding of a whole batch (only src/src_len/B/T_s of `batch` are read); out[b] gets
// sentence b's ids without <eos>, at most max_steps of them.
void seq2seq_greedy_decode_batch(const Seq2SeqConfig& c, const Seq2SeqWeights<float>& w,
                                 const Seq2SeqBatch& batch, int max_steps,
                                 Seq2SeqRunState<float>& rs, std::vector<std::vector<int>>& out);

// Token accuracy of greedy decoding against the references, per source length. A reference
// position i counts as correct when the decoded sentence has the same id at position i; <eos>
// is not counted. Exact = the whole decoded sentence equals the reference.
struct LengthAccuracy {
  int length = 0;  // source length
  int sentences = 0;
  int tokens = 0;   // reference tokens
  int correct = 0;  // correctly decoded reference tokens
  int exact = 0;    // sentences decoded exactly
  double loss = 0;  // mean cross-entropy of the bucket's tokens (the Transformer lab; GRU: 0)
  int half = -1;    // induction rows: 0 first half, 1 repeated half; -1 elsewhere
  double token_accuracy() const { return tokens > 0 ? double(correct) / tokens : 0.0; }
};
// out[k] is length k + min over the lengths present in `examples` (all lengths from the
// shortest to the longest, empty buckets included). Decodes in batches of `batch_size`.
void seq2seq_evaluate_by_length(const Seq2SeqConfig& c, const Seq2SeqWeights<float>& w,
                                const std::vector<Example>& examples, int batch_size,
                                Seq2SeqRunState<float>& rs, std::vector<LengthAccuracy>& out);

// ------------------------------------------------------------------------------------------
// The lab's trainer: a task, a model, Adam and a deterministic batch order, all from seeds.
struct Seq2SeqTrainerConfig {
  TaskConfig task;      // the data (task.seed)
  Seq2SeqConfig model;  // src_vocab / tgt_vocab are filled from the task
  AdamConfig adam;
  int batch_size = 32;             // B
  std::uint64_t shuffle_seed = 1;  // the order of the mini-batches
};
std::string check_seq2seq_trainer(const Seq2SeqTrainerConfig& c);

class Seq2SeqTrainer {
 public:
  // Generates the task, initialises the model. Throws attn::Error on an invalid config.
  explicit Seq2SeqTrainer(const Seq2SeqTrainerConfig& config);

  // Runs n ≥ 1 optimisation steps (one mini-batch each); returns their mean loss.
  float train_steps(int n);
  // Accuracy of greedy decoding on the task's held-out test set, by source length.
  void evaluate(std::vector<LengthAccuracy>& out);
  // Greedy decoding of a source sentence (ids of the task's source vocabulary).
  void translate(const std::vector<int>& src, Seq2SeqDecode& out);

  int steps() const { return steps_; }   // optimisation steps this trainer has run
  int epochs() const { return epoch_; }  // completed passes over the training set
  float last_grad_norm() const { return last_norm_; }
  const Task& task() const { return task_; }
  const Seq2SeqConfig& model_config() const { return config_.model; }
  const Seq2SeqTrainerConfig& config() const { return config_; }

  // The weights. Writing through mutable_weights() (e.g. loading a state dict) must keep every
  // block's shape (the caller checks it; nothing here does), and should be followed by
  // reset_optimizer(), so Adam's moments and its step count t (the rate schedule's clock)
  // start afresh: they belonged to other weights. steps() keeps counting.
  const Seq2SeqWeights<float>& weights() const { return w_; }
  Seq2SeqWeights<float>& mutable_weights() { return w_; }
  void reset_optimizer();
  std::uint32_t weights_checksum() const { return seq2seq_weights_checksum(w_); }

 private:
  void next_batch();

  Seq2SeqTrainerConfig config_;
  Task task_;
  Seq2SeqWeights<float> w_, g_;
  AdamState<float> adam_;
  Seq2SeqRunState<float> rs_;
  Seq2SeqBatch batch_;
  Rng rng_;
  std::vector<int> order_;    // training indices of the current epoch, in batch order
  std::vector<int> indices_;  // scratch: the current batch
  std::size_t cursor_ = 0;
  int epoch_ = 0;
  int steps_ = 0;
  float last_norm_ = 0;
};

}  // namespace attn
