// attn/transformer.hpp — the Transformer lab's models, forward and backward by hand, equal to
// PyTorch 1.13 (dropout 0, post-norm, ReLU, LayerNorm eps 1e-5, batch_first) up to float
// rounding:
//   kEncoderDecoder  Seq2SeqTransformer = src_embed, tgt_embed, nn.Transformer (with its final
//                    encoder and decoder LayerNorms), generator (tasks: translation, reversal);
//   kDecoderOnly     CausalLM = embed, nn.TransformerEncoder of causal layers (no final
//                    norm), generator (task: induction).
// Inputs: x = embed(ids) · sqrt(d_model) + PE[:T] (PE: attn/positional.hpp, or none). Masks:
// decoder self-attention is causal; pad keys (id kPad) are blocked in encoder self-attention,
// in cross-attention (memory_key_padding_mask) and in encoder–decoder decoder self-attention
// (tgt_key_padding_mask). The decoder-only model has only the causal mask (as CausalLM): its
// pads sit at the end of a sequence, where no real query can see them. A fully blocked row
// gets ZERO weights and a zero output (PyTorch gives NaN there).
// Loss: mean cross-entropy over the target tokens that are not kPad (CrossEntropyLoss with
// ignore_index=0); 0 when a batch has no such token.
// Parameters carry PyTorch's state_dict names and shapes (transformer_for_each_param), so a
// state dict loads 1:1 and gradients compare by name. Templated on the scalar: float for the
// lab, double for gradient checks. Also: head ablation, per-head attention maps, greedy
// decoding, head scores (previous-token, induction, alignment) and a trainer with Adam.
// It does not generate data (attn/tasks.hpp), does no I/O and knows nothing of Emscripten.
//
// Layout: batch-major. Row b*T + t of a (B*T, ·) matrix is token t of sequence b. Attention
// maps are (B*n_heads*T_q, T_k): row (b*n_heads + h)*T_q + i is query i of head h of sequence b.
// Shape legend: B batch, S source tokens, T target tokens, d_model, n_heads,
// d_head = d_model / n_heads, d_ff, V_s / V_t vocabularies.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attn/adam.hpp"
#include "attn/kernels.hpp"
#include "attn/seq2seq.hpp"  // LengthAccuracy
#include "attn/tasks.hpp"
#include "attn/types.hpp"

namespace attn {

enum class TransformerKind { kEncoderDecoder = 0, kDecoderOnly = 1 };
enum class PositionalKind { kSinusoidal = 0, kNone = 1 };
// The three kinds of attention block. The decoder-only model's layers are kDecoder.
enum class AttnBlock { kEncoder = 0, kDecoder = 1, kCross = 2 };
// "encoder", "decoder", "cross".
const char* attn_block_name(AttnBlock b);

// Limits of the lab's model (the checks reject anything beyond them).
constexpr int kTransformerMaxVocab = 1024;  // V_s, V_t
constexpr int kTransformerMaxWidth = 512;   // d_model
constexpr int kTransformerMaxFF = 2048;     // d_ff
constexpr int kTransformerMaxHeads = 16;    // n_heads (must divide d_model)
constexpr int kTransformerMaxLayers = 6;    // enc_layers, dec_layers
constexpr int kTransformerMaxLen = 64;      // S, T
constexpr int kTransformerMaxBatch = 512;   // B

struct TransformerConfig {
  TransformerKind kind = TransformerKind::kEncoderDecoder;
  int src_vocab = 0;  // V_s (decoder-only: 0)
  int tgt_vocab = 0;  // V_t (decoder-only: the vocabulary)
  int d_model = 64;
  int n_heads = 4;
  int enc_layers = 2;  // decoder-only: ignored (0 is fine)
  int dec_layers = 2;  // decoder-only: the depth
  int d_ff = 128;
  PositionalKind positional = PositionalKind::kSinusoidal;
  std::uint64_t seed = 1;  // initialisation
};

// "" when the config is valid, else a message starting with `fn` naming the field and value.
std::string check_transformer_config(const TransformerConfig& c, const char* fn = "transformer");

// nn.MultiheadAttention's parameters: in_proj rows [W_q; W_k; W_v], head h owns columns
// [h·d_head, (h+1)·d_head) of q, k, v and of the concatenated heads.
template <typename S>
struct MhaWeights {
  MatT<S> in_proj_weight;   // in_proj_weight:  (3 d_model, d_model)
  MatT<S> in_proj_bias;     // in_proj_bias:    (1, 3 d_model)
  MatT<S> out_proj_weight;  // out_proj_weight: (d_model, d_model)
  MatT<S> out_proj_bias;    // out_proj_bias:   (1, d_model)
};

// One layer: nn.TransformerEncoderLayer (self_attn, linear1, linear2, norm1, norm2) or
// nn.TransformerDecoderLayer (self_attn, multihead_attn, linear1, linear2, norm1..3).
// Encoder layers leave multihead_attn and norm3 empty (0, 0).
template <typename S>
struct TransformerLayerWeights {
  MhaWeights<S> self_attn;
  MhaWeights<S> multihead_attn;      // decoder layers of the encoder–decoder only
  MatT<S> linear1_weight;            // linear1_weight: (d_ff, d_model)
  MatT<S> linear1_bias;              // linear1_bias:   (1, d_ff)
  MatT<S> linear2_weight;            // linear2_weight: (d_model, d_ff)
  MatT<S> linear2_bias;              // linear2_bias:   (1, d_model)
  MatT<S> norm1_weight, norm1_bias;  // each (1, d_model)
  MatT<S> norm2_weight, norm2_bias;  // each (1, d_model)
  MatT<S> norm3_weight, norm3_bias;  // each (1, d_model), decoder layers only
};

template <typename S>
struct TransformerWeights {
  MatT<S> src_embed;  // src_embed: (V_s, d_model)  encoder–decoder only ("src_embed.weight")
  MatT<S>
      tgt_embed;  // tgt_embed: (V_t, d_model)  ("tgt_embed.weight"; decoder-only "embed.weight")
  // Encoder–decoder: transformer.encoder.layers.i. Decoder-only: encoder.layers.i (its causal
  // layers, block kDecoder in maps and ablations).
  std::vector<TransformerLayerWeights<S>> enc;
  MatT<S> enc_norm_weight, enc_norm_bias;       // each (1, d_model), encoder–decoder only
  std::vector<TransformerLayerWeights<S>> dec;  // transformer.decoder.layers.i (enc.–dec. only)
  MatT<S> dec_norm_weight, dec_norm_bias;       // each (1, d_model), encoder–decoder only
  MatT<S> generator_weight;                     // generator_weight: (V_t, d_model)
  MatT<S> generator_bias;                       // generator_bias:   (1, V_t)
};

namespace detail {
template <typename S, typename F>
void for_each_mha(const std::string& p, MhaWeights<S>& m, int d, F& f) {
  f(p + "in_proj_weight", std::vector<int>{3 * d, d}, m.in_proj_weight);
  f(p + "in_proj_bias", std::vector<int>{3 * d}, m.in_proj_bias);
  f(p + "out_proj.weight", std::vector<int>{d, d}, m.out_proj_weight);
  f(p + "out_proj.bias", std::vector<int>{d}, m.out_proj_bias);
}
template <typename S, typename F>
void for_each_layer(const std::string& p, TransformerLayerWeights<S>& L, bool decoder, int d,
                    int ff, F& f) {
  for_each_mha(p + "self_attn.", L.self_attn, d, f);
  if (decoder) for_each_mha(p + "multihead_attn.", L.multihead_attn, d, f);
  f(p + "linear1.weight", std::vector<int>{ff, d}, L.linear1_weight);
  f(p + "linear1.bias", std::vector<int>{ff}, L.linear1_bias);
  f(p + "linear2.weight", std::vector<int>{d, ff}, L.linear2_weight);
  f(p + "linear2.bias", std::vector<int>{d}, L.linear2_bias);
  f(p + "norm1.weight", std::vector<int>{d}, L.norm1_weight);
  f(p + "norm1.bias", std::vector<int>{d}, L.norm1_bias);
  f(p + "norm2.weight", std::vector<int>{d}, L.norm2_weight);
  f(p + "norm2.bias", std::vector<int>{d}, L.norm2_bias);
  if (decoder) {
    f(p + "norm3.weight", std::vector<int>{d}, L.norm3_weight);
    f(p + "norm3.bias", std::vector<int>{d}, L.norm3_bias);
  }
}
}  // namespace detail

// Calls f(const std::string& name, const std::vector<int>& torch_shape, MatT<S>& m) for every
// parameter, with PyTorch's state_dict name and shape, in state_dict order. 1-D tensors are
// stored as (1, n) matrices; every matrix is row-major like a contiguous torch tensor. The
// structure of `w` decides what is visited (decoder-only: w.src_embed empty, w.dec empty), so
// call it on weights made by transformer_init or transformer_zeros_like.
template <typename S, typename F>
void transformer_for_each_param(TransformerWeights<S>& w, F&& f) {
  const int d = static_cast<int>(w.tgt_embed.cols());
  const int ff = w.enc.empty()
                     ? (w.dec.empty() ? 0 : static_cast<int>(w.dec[0].linear1_weight.rows()))
                     : static_cast<int>(w.enc[0].linear1_weight.rows());
  const int Vt = static_cast<int>(w.generator_weight.rows());
  const bool decoder_only = w.src_embed.size() == 0;
  if (decoder_only) {
    f(std::string("embed.weight"), std::vector<int>{static_cast<int>(w.tgt_embed.rows()), d},
      w.tgt_embed);
    for (std::size_t i = 0; i < w.enc.size(); ++i)
      detail::for_each_layer("encoder.layers." + std::to_string(i) + ".", w.enc[i], false, d, ff,
                             f);
  } else {
    f(std::string("src_embed.weight"), std::vector<int>{static_cast<int>(w.src_embed.rows()), d},
      w.src_embed);
    f(std::string("tgt_embed.weight"), std::vector<int>{static_cast<int>(w.tgt_embed.rows()), d},
      w.tgt_embed);
    for (std::size_t i = 0; i < w.enc.size(); ++i)
      detail::for_each_layer("transformer.encoder.layers." + std::to_string(i) + ".", w.enc[i],
                             false, d, ff, f);
    f(std::string("transformer.encoder.norm.weight"), std::vector<int>{d}, w.enc_norm_weight);
    f(std::string("transformer.encoder.norm.bias"), std::vector<int>{d}, w.enc_norm_bias);
    for (std::size_t i = 0; i < w.dec.size(); ++i)
      detail::for_each_layer("transformer.decoder.layers." + std::to_string(i) + ".", w.dec[i],
                             true, d, ff, f);
    f(std::string("transformer.decoder.norm.weight"), std::vector<int>{d}, w.dec_norm_weight);
    f(std::string("transformer.decoder.norm.bias"), std::vector<int>{d}, w.dec_norm_bias);
  }
  f(std::string("generator.weight"), std::vector<int>{Vt, d}, w.generator_weight);
  f(std::string("generator.bias"), std::vector<int>{Vt}, w.generator_bias);
}

// Every parameter block in state_dict order (the order Adam and the checksum use).
template <typename S>
std::vector<MatT<S>*> transformer_param_list(TransformerWeights<S>& w);

// Sizes every block for `c` and fills it (seeded by c.seed through attn::Rng, the same values
// for float and double): every matrix (embeddings, in_proj, out_proj, linear1/2, generator)
// Xavier-uniform, U(±sqrt(6 / (fan_in + fan_out))) as nn.Transformer._reset_parameters and
// PyTorch's translation tutorial initialise them (embeddings too: with the · sqrt(d_model)
// scale their rows get norm ≈ sqrt(2 d_model · d_model / (V + d_model)), comparable with PE);
// biases 0, LayerNorm weights 1 and biases 0. Throws attn::Error on an invalid config.
template <typename S>
void transformer_init(const TransformerConfig& c, TransformerWeights<S>& w);

// Sizes every block of `out` like `like` and sets it to 0.
template <typename S>
void transformer_zeros_like(const TransformerWeights<S>& like, TransformerWeights<S>& out);

// Number of parameters (scalars).
template <typename S>
long transformer_parameter_count(const TransformerWeights<S>& w);

// "" when every block of `w` has the shape `c` asks for, else a message starting with `fn`
// naming the parameter by its state_dict name and both shapes.
template <typename S>
std::string check_transformer_weights(const TransformerConfig& c, const TransformerWeights<S>& w,
                                      const char* fn = "transformer");

// FNV-1a (32 bit) over the bytes of every parameter in state_dict order: equal checksums =
// bitwise-equal weights (as bindings_trainer.cpp's checksum of the GRU).
std::uint32_t transformer_weights_checksum(const TransformerWeights<float>& w);

// A padded, batch-major mini-batch.
//   encoder–decoder: src = the source ids, tgt_in = <bos> y_1 .. y_n, tgt_out = y_1 .. y_n <eos>
//   decoder-only:    S = 0, src empty, tgt_in = the ids, tgt_out = the next ids
// kPad past each sequence's length; a kPad in tgt_out carries no loss.
struct TransformerBatch {
  int B = 0, S = 0, T = 0;
  std::vector<int> src;      // src:     (B*S) row b*S + s
  std::vector<int> tgt_in;   // tgt_in:  (B*T) row b*T + t
  std::vector<int> tgt_out;  // tgt_out: (B*T)
};

// "" when the batch fits the config (1 ≤ B ≤ kTransformerMaxBatch, 1 ≤ S, T ≤
// kTransformerMaxLen (S = 0 and src empty for decoder-only), vector sizes, ids in range),
// else a message starting with `fn`.
std::string check_transformer_batch(const TransformerConfig& c, const TransformerBatch& batch,
                                    const char* fn = "transformer_loss");

// Packs examples[indices[i]] as sequence i. Encoder–decoder: src = e.src, tgt_in = <bos> e.tgt,
// tgt_out = e.tgt <eos>. Decoder-only (e.src empty, e.tgt the whole sequence without <bos>):
// tgt_in = <bos> e.tgt[0 .. n−2], tgt_out = e.tgt (T = n: the model predicts every token of
// e.tgt from the ones before it). Throws attn::Error on invalid arguments.
std::string check_transformer_make_batch(TransformerKind kind, const std::vector<Example>& examples,
                                         const std::vector<int>& indices);
void transformer_make_batch(TransformerKind kind, const std::vector<Example>& examples,
                            const std::vector<int>& indices, TransformerBatch& out);

// Disabled heads: index layer * n_heads + head, 1 = disabled (that head's slice of the
// concatenated heads is zeroed before out_proj; its map is still computed and reported). An
// empty vector (or a null HeadAblation*) disables nothing. Decoder-only layers are `dec`.
struct HeadAblation {
  std::vector<std::uint8_t> enc, dec, cross;
  bool any() const;
};
// "" when every non-empty vector of `a` (null allowed) has n_layers * n_heads entries of 0 or 1
// for its block, else a message starting with `fn`.
std::string check_head_ablation(const TransformerConfig& c, const HeadAblation* a,
                                const char* fn = "transformer_loss");

// Workspaces and results of one attention block of one layer.
template <typename S>
struct TransformerMhaState {
  MatT<S> q;        // q:       (B*T_q, d_model) query projections, head h in its d_head columns
  MatT<S> k, v;     // k, v:    (B*T_k, d_model)
  MatT<S> weights;  // weights: (B*n_heads*T_q, T_k) exactly, row (b*n_heads + h)*T_q + i
  MatT<S> concat;   // concat:  (B*T_q, d_model) the heads' outputs side by side (ablated: 0)
};

// Workspaces of one layer (post-norm): x1 = LN1(x + SA(x)); [x2 = LN2(x1 + CA(x1, memory))];
// out = LN_last(x_mid + FF(x_mid)), FF(x) = relu(x W1ᵀ + b1) W2ᵀ + b2.
template <typename S>
struct TransformerLayerState {
  TransformerMhaState<S> self_attn, cross_attn;
  MatT<S> xhat1, xhat2, xhat3;  // each (B*T, d_model): normalised residual sums before the affine
  MatT<S> rstd;                 // rstd: (B*T, 3) 1 / sqrt(var + eps) of norm1..3
  MatT<S> x1, x2;               // x1, x2: (B*T, d_model) outputs of norm1, norm2 (decoder)
  MatT<S> hidden;               // hidden: (B*T, d_ff) relu(x_mid W1ᵀ + b1)
  MatT<S> out;                  // out: (B*T, d_model) the layer's output
};

// Workspaces of one forward/backward pass, reused across calls: grown and never shrunk (so a
// training loop allocates nothing after its first steps), except `logits` and every map's
// `weights`, which have exactly the last batch's shape.
template <typename S>
struct TransformerRunState {
  TransformerKind kind = TransformerKind::kEncoderDecoder;
  int B = 0, T_src = 0, T = 0;  // the last forward's batch shape (T_src = batch S)
  int n_heads = 0;
  std::vector<TransformerLayerState<S>> enc;  // encoder layers (decoder-only: its layers)
  std::vector<TransformerLayerState<S>> dec;  // decoder layers (encoder–decoder)
  MatT<S> pe;                                 // pe: (kTransformerMaxLen, d_model) or empty
  MatT<S> src_x, tgt_x;  // src_x: (B*S, d_model), tgt_x: (B*T, d_model) scaled embeddings + PE
  MatT<S> enc_xhat, enc_rstd;  // final encoder norm: (B*S, d_model), (B*S, 1)
  MatT<S> memory;              // memory: (B*S, d_model) the encoder's output
  MatT<S> dec_xhat, dec_rstd;  // final decoder norm: (B*T, d_model), (B*T, 1)
  MatT<S> dec_final;           // dec_final: (B*T, d_model) the generator's input
  MatT<S> logits;              // logits: (B*T, V_t) exactly
  int tokens = 0;              // target tokens that carried loss in the last pass
  double loss_sum = 0;         // their summed cross-entropy
  // Backward scratch (grown, never shrunk).
  MatT<S> d_logits, d_x, d_x2, d_mem, d_concat, d_q, d_k, d_v, d_hidden, d_p, tmp;
  PackedRhs packed;         // float under WASM SIMD: the packed right operand of a product
  Mat gemm_tmp, gemm_tmp2;  // float under WASM SIMD: product and transposition scratch

  // The attention weights of `block`, layer `layer` after the last forward:
  // (B*n_heads*T_q, T_k), row (b*n_heads + h)*T_q + i. For decoder-only, block kDecoder.
  // Throws attn::Error when the block/layer does not exist (has_attention says first).
  const MatT<S>& attention(AttnBlock block, int layer) const;
  bool has_attention(AttnBlock block, int layer) const;
};

// Mean cross-entropy over the non-pad targets of the batch under teacher forcing; fills rs
// (logits, every map). Throws attn::Error when the arguments do not fit.
template <typename S>
S transformer_loss(const TransformerConfig& c, const TransformerWeights<S>& w,
                   const TransformerBatch& batch, TransformerRunState<S>& rs,
                   const HeadAblation* ablation = nullptr);

// The same loss and its gradient with respect to every parameter, written into `grads`
// (sized like `w` by this call when needed).
template <typename S>
S transformer_loss_and_grad(const TransformerConfig& c, const TransformerWeights<S>& w,
                            const TransformerBatch& batch, TransformerRunState<S>& rs,
                            TransformerWeights<S>& grads, const HeadAblation* ablation = nullptr);

// ------------------------------------------------------------------------------------------
// The lab's trainer.

// One encoder layer (decoder-only: one causal layer) on one sequence, step by step, as
// nn.TransformerEncoderLayer (post-norm) computes it; every matrix is (T, d_model):
//   x_in  the layer's input (layer 0: the scaled embeddings plus PE; else the previous output)
//   attn  SA(x_in), the self-attention's output after W^O (the change attention adds)
//   sum1  x_in + attn;          norm1 = LN1(sum1)
//   ff    FF(norm1) = relu(norm1 W1ᵀ + b1) W2ᵀ + b2 (the change the feed-forward adds)
//   sum2  norm1 + ff;           out = LN2(sum2), the layer's output
struct TransformerBlockTrace {
  Mat x_in, attn, sum1, norm1, ff, sum2, out;
};

// Greedy decoding of one sequence, with every head's map. Encoder–decoder: tokens = the decoded
// target ids without the final <eos> (at most max steps), prob[i] = the probability of each
// chosen id (<eos> included when finished), enc_self[l][h]: (S, S), dec_self[l][h]:
// (T_out, T_out), cross[l][h]: (T_out, S) with T_out = tokens + finished (the decoder's input
// <bos> y_1 .. as queries). Decoder-only (translate(ids)): the model reads `ids` as given;
// tokens[i] = the argmax prediction of token i+1, prob[i] its probability, finished = false,
// dec_self[l][h]: (T, T) over the ids, enc_self and cross empty.
struct TransformerDecode {
  std::vector<int> tokens;
  bool finished = false;
  std::vector<float> prob;
  std::vector<std::vector<Mat>> enc_self, dec_self, cross;  // [layer][head]
};

// Head scores on the held-out test set under teacher forcing (Olsson et al. 2022):
//   previous_token  mean weight on key i−1 over queries i ≥ 1 (non-pad queries whose key i−1
//                   exists and is not padding);
//   induction       mean weight, over queries whose token occurred earlier in the same
//                   sequence (self-attention; the latest earlier occurrence j, special tokens
//                   excluded), on key j+1;
//   alignment       cross heads of translation/reversal: mean weight of the query that predicts
//                   target word t on the source word the task's rules align it to
//                   (attn/tasks.hpp reference_alignment).
// A score is NaN where its definition has no query (e.g. induction of a cross head).
struct HeadScore {
  AttnBlock block = AttnBlock::kEncoder;
  int layer = 0, head = 0;
  bool enabled = true;
  double previous_token = 0;
  double induction = 0;
  double alignment = 0;
};

// The held-out loss of a trainer (TransformerTrainer::test_loss).
struct TransformerTestLoss {
  double loss = 0;           // every target
  double first_half = 0;     // induction: targets p ≤ n (nothing to copy yet); else NaN
  double repeated_half = 0;  // induction: targets p > n (copyable); else NaN
};

// out = the mean of the heads' (T_q, T_k) maps: what nn.MultiheadAttention returns with
// average_attn_weights=True. heads non-empty, all of one shape (unchecked: the trainer's maps).
void transformer_head_mean(const std::vector<Mat>& heads, Mat& out);

struct TransformerTrainerConfig {
  TaskConfig task;          // the data (task.seed)
  TransformerConfig model;  // kind, src_vocab, tgt_vocab are filled from the task
  AdamConfig adam;
  int batch_size = 32;             // B
  std::uint64_t shuffle_seed = 1;  // the order of the mini-batches
};
// "" when the config is valid, else a message starting with "TransformerTrainer".
std::string check_transformer_trainer(const TransformerTrainerConfig& c);

// The lab's recommended settings per task, measured with tools/transformer_native (natively and
// compiled to WASM SIMD under Node; numbers in the commit log and the lab's docs):
//   translation, reversal: d_model 32, n_heads 4, 2 + 2 layers, d_ff 64, Adam lr 3e-3
//     (decay after 600 steps), clip 5, batch 32, lengths 3..16, 1000 steps → ≥ 95 % token
//     accuracy of greedy decoding at every source length; reversal the same model with lr
//     2e-3, 100 warm-up steps and 3000 steps (0.99; its accuracy still swings mid-training);
//   induction: decoder-only, d_model 32, n_heads 1, 2 layers, d_ff 64, lr 3e-3 (no decay),
//     clip 5, batch 32, n 3..10, 2000 steps → a layer-0 previous-token head (score > 0.5) and
//     a layer-1 induction head (> 0.9) whose ablation multiplies the repeated-half loss > 100×.
// Seeds are 1. `steps` is the recommended number of training steps.
struct TransformerLabDefaults {
  TransformerTrainerConfig config;
  int steps = 0;
};
TransformerLabDefaults transformer_lab_defaults(TaskKind kind);

class TransformerTrainer {
 public:
  // Generates the task, initialises the model (translation/reversal: encoder–decoder;
  // induction: decoder-only). Throws attn::Error on an invalid config.
  explicit TransformerTrainer(const TransformerTrainerConfig& config);

  // Runs n ≥ 1 optimisation steps (one mini-batch each); returns their mean loss. Disabled
  // heads stay disabled while training (they get no gradient). Every method below also runs
  // with the current ablation.
  float train_steps(int n);

  // Translation/reversal: greedy-decoding accuracy on the test set by source length, exactly as
  // seq2seq_evaluate_by_length (loss = the teacher-forced mean cross-entropy of the bucket,
  // half = -1). Induction: teacher-forced next-token accuracy, one row per (target position p,
  // half) that occurs in the test set, ordered by p then half: length = p (the row predicts
  // token p+1 of the sequence <bos> x_1..x_n x_1..x_n from tokens 0..p), sentences = sequences,
  // tokens = targets, correct = argmax hits, exact = 0, loss = mean cross-entropy, half = 0 for
  // targets of the first half and the first repeated token (p ≤ n: nothing to copy yet), 1 for
  // the repeated targets x_2..x_n of the second copy (p > n).
  void evaluate(std::vector<LengthAccuracy>& out);
  // Induction: the mean cross-entropy over the repeated-half targets (half = 1) of the test
  // set under teacher forcing, computed now (with the current ablation). Others: NaN.
  double repeated_half_loss();
  // Teacher-forced mean cross-entropy over every target of the test set, and for induction
  // over its first-half targets (p ≤ n) and its repeated-half targets (p > n), as evaluate()'s
  // rows split them (the halves are NaN for translation/reversal). With the current ablation.
  TransformerTestLoss test_loss();

  // Every head's map of one teacher-forced sequence, as logits() runs it: enc_self[l][h]
  // (S, S), dec_self[l][h] (T, T), cross[l][h] (T, S) (decoder-only: dec_self only). Leaves
  // tokens, prob and finished empty. Checked as check_sequence(…,
  // "TransformerTrainer.attentionMaps").
  void attention_maps(const std::vector<int>& src, const std::vector<int>& tgt_in,
                      TransformerDecode& out);

  // One encoder layer of the encoder–decoder on `src` (decoder-only: one causal layer on
  // `src` as its ids), step by step (TransformerBlockTrace), with the current ablation. ""
  // from check_block_trace when it fits, else a message naming TransformerTrainer.blockTrace.
  std::string check_block_trace(const std::vector<int>& src, int layer) const;
  void block_trace(const std::vector<int>& src, int layer, TransformerBlockTrace& out);

  // The mini-batch of the last training step (B = 0 before the first), e.g. for another
  // framework to train on the identical data.
  const TransformerBatch& last_batch() const { return batch_; }

  // "" when `src` can be decoded (encoder–decoder: 1..kTransformerMaxLen ids in [0, V_s);
  // decoder-only: 1..kTransformerMaxLen ids in [0, V_t)), else a message starting with `fn`.
  std::string check_translate(const std::vector<int>& src,
                              const char* fn = "TransformerTrainer.translate") const;
  void translate(const std::vector<int>& src, TransformerDecode& out);

  // "" when the sequence fits (src as check_translate, decoder-only: src empty; tgt_in
  // 1..kTransformerMaxLen ids in [0, V_t); tgt_out, if given, the same length as tgt_in).
  std::string check_sequence(const std::vector<int>& src, const std::vector<int>& tgt_in,
                             const std::vector<int>* tgt_out, const char* fn) const;
  // Teacher-forced logits of one sequence: out (T, V_t).
  void logits(const std::vector<int>& src, const std::vector<int>& tgt_in, Mat& out);
  // d(mean cross-entropy over non-pad tgt_out)/d(parameter) for one sequence, into `out`
  // (sized like the weights). Returns the loss.
  float gradients(const std::vector<int>& src, const std::vector<int>& tgt_in,
                  const std::vector<int>& tgt_out, TransformerWeights<float>& out);

  // Every head's scores, blocks in the order encoder, decoder, cross, then layer, head.
  void head_scores(std::vector<HeadScore>& out);

  std::string check_head(AttnBlock block, int layer, int head,
                         const char* fn = "TransformerTrainer.set_head_enabled") const;
  void set_head_enabled(AttnBlock block, int layer, int head, bool enabled);
  bool head_enabled(AttnBlock block, int layer, int head) const;
  const HeadAblation& ablation() const { return ablation_; }

  // The weights. After writing through mutable_weights() (e.g. loading a state dict), call
  // reset_optimizer() so Adam's moments start afresh.
  const TransformerWeights<float>& weights() const { return w_; }
  TransformerWeights<float>& mutable_weights() { return w_; }
  void reset_optimizer();
  std::uint32_t weights_checksum() const { return transformer_weights_checksum(w_); }

  int steps() const { return steps_; }
  int epochs() const { return epoch_; }  // completed passes over the training set
  float last_grad_norm() const { return last_norm_; }
  const Task& task() const { return task_; }
  const TransformerConfig& model_config() const { return config_.model; }
  const TransformerTrainerConfig& config() const { return config_; }
  // The run state of the last forward (its maps, logits).
  const TransformerRunState<float>& run_state() const { return rs_; }

 private:
  void next_batch();
  const HeadAblation* ablation_ptr() const { return ablation_.any() ? &ablation_ : nullptr; }

  TransformerTrainerConfig config_;
  Task task_;
  TransformerWeights<float> w_, g_;
  std::vector<MatT<float>*> wp_, gp_;  // w_ and g_ in state_dict order
  std::vector<const MatT<float>*> gcp_;
  AdamState<float> adam_;
  TransformerRunState<float> rs_;
  TransformerBatch batch_;
  HeadAblation ablation_;
  Rng rng_;
  std::vector<int> order_;
  std::vector<int> indices_;
  std::size_t cursor_ = 0;
  int epoch_ = 0;
  int steps_ = 0;
  float last_norm_ = 0;
};

}  // namespace attn
