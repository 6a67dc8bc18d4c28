// attn/tasks.hpp — the built-in tasks of the bottleneck lab, generated deterministically from a
// seed: (1) toy translation from a small synthetic English grammar into a French-like target
// with reordering (adjectives follow the noun, in mirrored order; the article agrees with the
// noun's gender), (2) sequence reversal. Also the vocabularies (<pad>/<bos>/<eos>/<unk>),
// tokenization of a learner's sentence with out-of-vocabulary reporting, and the rule-based
// reference target of any source sentence, (3) induction (copying): sequences
// <bos> x_1..x_n x_1..x_n of distinct letters, for a decoder-only model to learn an induction
// head (Olsson et al. 2022).
// It does not train or evaluate a model (attn/seq2seq.hpp) and does no I/O. Its random numbers
// come from attn::Rng (splitmix64), never from <random> distributions, so the data is
// bit-identical natively and in WASM.
//
// Grammar of the translation task (every word maps to exactly one target word, the article
// to le/la or un/une by the gender of its noun):
//   S  := NP Vi [ADV] | NP Vt NP [ADV] | NP Vt NP P NP [ADV]
//   NP := DET ADJ{0..3} N
// so sentences have 3 .. 18 tokens. Target: NP' := DET' N' ADJ'_k .. ADJ'_1 (mirrored), the
// rest word by word in place: "the big black cat sees a house" → "le chat noir grand voit une
// maison".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace attn {

// A small deterministic PRNG: splitmix64. Identical output on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) : state_(seed) {}
  std::uint64_t next_u64();
  // Uniform integer in [0, n), n ≥ 1 (multiply-shift; no modulo bias worth naming for n < 2^32).
  int uniform_int(int n);
  // Uniform float in [0, 1) with 24 random bits.
  float uniform_float();
  // Uniform double in [0, 1) with 53 random bits.
  double uniform_double();

 private:
  std::uint64_t state_;
};

// Special token ids, the same in every vocabulary.
constexpr int kPad = 0;
constexpr int kBos = 1;
constexpr int kEos = 2;
constexpr int kUnk = 3;
constexpr int kNumSpecial = 4;

// The longest source sentence any task can generate (the grammar above gives 18).
constexpr int kTaskMaxLen = 18;
constexpr int kTaskMinLen = 3;

struct Vocab {
  std::vector<std::string> words;  // words[id]; ids 0..3 are <pad> <bos> <eos> <unk>
  int size() const { return static_cast<int>(words.size()); }
  // The id of `word`, or kUnk when it is not in the vocabulary.
  int id(std::string_view word) const;
};

enum class TaskKind { kTranslation = 0, kReversal = 1, kInduction = 2 };

// The induction task's symbols: the letters "a".."z" (ids kNumSpecial ..).
constexpr int kInductionSymbols = 26;

// A source/target pair of token ids, without <bos>/<eos> (the model adds them). Induction: src
// is empty and tgt is the whole sequence x_1..x_n x_1..x_n (2n ids, n = the "length"; the
// x_i distinct, so every repeated token's earlier occurrence is unique); the model reads
// <bos> before it.
struct Example {
  std::vector<int> src;  // src: (T_s) source ids
  std::vector<int> tgt;  // tgt: (T_t) target ids
};

struct TaskConfig {
  TaskKind kind = TaskKind::kTranslation;
  std::uint64_t seed = 1;
  int min_len = kTaskMinLen;  // shortest source sentence (induction: half length n), ≥ 3
  int max_len = 16;           // longest source sentence (induction: n), ≤ kTaskMaxLen
  int train_size = 20000;     // training pairs, source lengths uniform in [min_len, max_len]
  int test_per_length = 40;   // held-out pairs per source length (never in the training set)
};
// The length of an example as the tasks count it: |src|, or n = |tgt| / 2 for induction.
int example_length(TaskKind kind, const Example& e);

struct Task {
  TaskKind kind = TaskKind::kTranslation;
  int min_len = 0, max_len = 0;
  Vocab src_vocab, tgt_vocab;
  std::vector<Example> train;  // shuffled, lengths uniform in [min_len, max_len]
  std::vector<Example> test;   // ordered by source length, test_per_length of each
};

// "" when the config is valid, else a message starting with "make_task".
std::string check_make_task(const TaskConfig& config);

// Generates the vocabularies and the train/test sets of `config`. Throws attn::Error on an
// invalid config. The same config gives the same Task on every platform.
void make_task(const TaskConfig& config, Task& out);

// The vocabularies alone (no examples), e.g. to tokenize before a task is generated.
void task_vocabularies(TaskKind kind, Vocab& src, Vocab& tgt);

// The reference target of a source sentence (ids in the task's source vocabulary), by the
// task's rules: word-by-word translation with noun-phrase reordering, or reversal. Words the
// rules do not know (<unk>) map to <unk>; a noun phrase left open at the end of the sentence
// keeps its words in place. Never fails.
std::vector<int> reference_target(TaskKind kind, const std::vector<int>& src);

// For every word of reference_target(kind, src), the index of the source word the rules
// translate it from (reversal: |src| − 1 − i). Induction has no source: empty. Never fails.
std::vector<int> reference_alignment(TaskKind kind, const std::vector<int>& src);

struct Tokenized {
  std::vector<int> ids;              // one id per word, kUnk for unknown words
  std::vector<std::string> unknown;  // the out-of-vocabulary words, in order of appearance
};

// Lower-cases `sentence`, splits it on whitespace and the punctuation .,;:!?" and looks every
// word up in `vocab`. Never fails; an empty sentence gives no ids.
Tokenized tokenize(const Vocab& vocab, std::string_view sentence);

// The words of `ids` joined by single spaces; stops at <eos>, skips <pad> and <bos>; ids outside
// the vocabulary print as <unk>.
std::string detokenize(const Vocab& vocab, const std::vector<int>& ids);

}  // namespace attn
