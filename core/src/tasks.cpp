// core/src/tasks.cpp — deterministic generation of the bottleneck lab's tasks (attn/tasks.hpp):
// the vocabularies, the English → French-like grammar and its reference translation, the
// reversal task, tokenization. It does no floating-point math in generation (integer PRNG
// only), no I/O, and never touches <random> distributions.
#include "attn/tasks.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "attn/types.hpp"

namespace attn {

// ------------------------------------------------------------------------------------------
// Rng: splitmix64 (Steele, Lea, Flood 2014), the seeding generator of xoshiro.
std::uint64_t Rng::next_u64() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

int Rng::uniform_int(int n) {
  // Multiply-shift (Lemire) on the top 32 bits: floor(u32 * n / 2^32) ∈ [0, n).
  const std::uint64_t u32 = next_u64() >> 32;
  return static_cast<int>((u32 * static_cast<std::uint64_t>(n)) >> 32);
}

float Rng::uniform_float() {
  return static_cast<float>(next_u64() >> 40) * (1.0f / 16777216.0f);  // 24 bits / 2^24
}

double Rng::uniform_double() {
  return static_cast<double>(next_u64() >> 11) * (1.0 / 9007199254740992.0);  // 53 bits / 2^53
}

int Vocab::id(std::string_view word) const {
  for (std::size_t i = kNumSpecial; i < words.size(); ++i)
    if (words[i] == word) return static_cast<int>(i);
  for (int i = 0; i < kNumSpecial; ++i)
    if (words[static_cast<std::size_t>(i)] == word) return i;
  return kUnk;
}

namespace {

// ------------------------------------------------------------------------------------------
// The lexicon. Source ids are laid out by category (after the 4 specials) in this order:
// determiners, nouns, adjectives, transitive verbs, intransitive verbs, prepositions, adverbs.
// The target vocabulary is: specials, le la un une, then the translations in the same order.
struct Entry {
  const char* en;
  const char* fr;
};
const Entry kNouns[] = {  // French gender: the first 6 masculine, the last 6 feminine
    {"cat", "chat"},    {"dog", "chien"},  {"bird", "oiseau"},  {"child", "enfant"},
    {"book", "livre"},  {"tree", "arbre"}, {"house", "maison"}, {"car", "voiture"},
    {"table", "table"}, {"girl", "fille"}, {"flower", "fleur"}, {"city", "ville"}};
constexpr int kNumNouns = 12;
constexpr int kNumMasculine = 6;
const Entry kAdjectives[] = {{"black", "noir"},  {"white", "blanc"}, {"big", "grand"},
                             {"small", "petit"}, {"red", "rouge"},   {"old", "vieux"},
                             {"green", "vert"},  {"blue", "bleu"},   {"happy", "heureux"},
                             {"young", "jeune"}};
constexpr int kNumAdjectives = 10;
const Entry kTransitive[] = {{"sees", "voit"},    {"likes", "aime"},   {"eats", "mange"},
                             {"finds", "trouve"}, {"follows", "suit"}, {"takes", "prend"}};
constexpr int kNumTransitive = 6;
const Entry kIntransitive[] = {
    {"sleeps", "dort"}, {"runs", "court"}, {"sings", "chante"}, {"waits", "attend"}};
constexpr int kNumIntransitive = 4;
const Entry kPrepositions[] = {
    {"on", "sur"}, {"under", "sous"}, {"with", "avec"}, {"without", "sans"}};
constexpr int kNumPrepositions = 4;
const Entry kAdverbs[] = {
    {"today", "aujourd'hui"}, {"now", "maintenant"}, {"again", "encore"}, {"slowly", "lentement"}};
constexpr int kNumAdverbs = 4;

// Source id ranges.
constexpr int kSrcThe = kNumSpecial;    // "the"
constexpr int kSrcA = kNumSpecial + 1;  // "a"
constexpr int kSrcNoun0 = kNumSpecial + 2;
constexpr int kSrcAdj0 = kSrcNoun0 + kNumNouns;
constexpr int kSrcVt0 = kSrcAdj0 + kNumAdjectives;
constexpr int kSrcVi0 = kSrcVt0 + kNumTransitive;
constexpr int kSrcPrep0 = kSrcVi0 + kNumIntransitive;
constexpr int kSrcAdv0 = kSrcPrep0 + kNumPrepositions;
constexpr int kSrcSize = kSrcAdv0 + kNumAdverbs;
// Target id ranges: le la un une, then the content words shifted by +2 against the source.
constexpr int kTgtLe = kNumSpecial, kTgtLa = kNumSpecial + 1, kTgtUn = kNumSpecial + 2,
              kTgtUne = kNumSpecial + 3;
constexpr int kTgtShift = 2;  // target id of a content word = source id + 2

constexpr int kReversalSymbols = 20;  // "a" .. "t"

bool is_noun(int id) { return id >= kSrcNoun0 && id < kSrcAdj0; }
bool is_adj(int id) { return id >= kSrcAdj0 && id < kSrcVt0; }
bool is_det(int id) { return id == kSrcThe || id == kSrcA; }
bool is_content(int id) { return id >= kSrcNoun0 && id < kSrcSize; }

int det_target(int det, bool feminine) {
  if (det == kSrcThe) return feminine ? kTgtLa : kTgtLe;
  return feminine ? kTgtUne : kTgtUn;
}

std::vector<std::string> specials() { return {"<pad>", "<bos>", "<eos>", "<unk>"}; }

template <std::size_t N>
void append(std::vector<std::string>& en, std::vector<std::string>& fr, const Entry (&e)[N]) {
  for (const Entry& x : e) {
    en.emplace_back(x.en);
    fr.emplace_back(x.fr);
  }
}

// The translation transducer. An open noun phrase (a determiner and/or adjectives seen, the
// noun not yet) is held back; the noun emits DET' N' ADJ'_k .. ADJ'_1. Anything else closes an
// open phrase in place (masculine article) and is translated word by word.
std::vector<int> translate_rules(const std::vector<int>& src, std::vector<int>* align = nullptr) {
  std::vector<int> out;
  out.reserve(src.size());
  int det = -1, det_at = -1;
  std::vector<int> adjs, adjs_at;
  auto emit = [&](int id, int at) {
    out.push_back(id);
    if (align) align->push_back(at);
  };
  auto flush_in_place = [&]() {
    if (det >= 0) emit(det_target(det, false), det_at);
    for (std::size_t k = 0; k < adjs.size(); ++k) emit(adjs[k] + kTgtShift, adjs_at[k]);
    det = -1;
    adjs.clear();
    adjs_at.clear();
  };
  for (int i = 0; i < static_cast<int>(src.size()); ++i) {
    const int w = src[static_cast<std::size_t>(i)];
    if (is_det(w)) {
      flush_in_place();
      det = w;
      det_at = i;
    } else if (is_adj(w)) {
      adjs.push_back(w);
      adjs_at.push_back(i);
    } else if (is_noun(w)) {
      const bool feminine = (w - kSrcNoun0) >= kNumMasculine;
      if (det >= 0) emit(det_target(det, feminine), det_at);
      emit(w + kTgtShift, i);
      for (std::size_t k = adjs.size(); k > 0; --k) emit(adjs[k - 1] + kTgtShift, adjs_at[k - 1]);
      det = -1;
      adjs.clear();
      adjs_at.clear();
    } else {
      flush_in_place();
      emit(is_content(w) ? w + kTgtShift : kUnk, i);
    }
  }
  flush_in_place();
  return out;
}

// A noun phrase "DET ADJ{n_adj} N" with distinct adjectives.
void gen_np(Rng& rng, int n_adj, std::vector<int>& out) {
  out.push_back(rng.uniform_int(2) == 0 ? kSrcThe : kSrcA);
  int pool[kNumAdjectives];
  for (int i = 0; i < kNumAdjectives; ++i) pool[i] = kSrcAdj0 + i;
  for (int i = 0; i < n_adj; ++i) {  // partial Fisher–Yates: distinct adjectives
    const int j = i + rng.uniform_int(kNumAdjectives - i);
    std::swap(pool[i], pool[j]);
    out.push_back(pool[i]);
  }
  out.push_back(kSrcNoun0 + rng.uniform_int(kNumNouns));
}

// One English sentence of exactly `len` tokens (3 ≤ len ≤ 18).
std::vector<int> gen_sentence(Rng& rng, int len) {
  // Structures: (noun phrases, fixed tokens without adjectives). 0: NP Vi, 1: NP Vt NP,
  // 2: NP Vt NP P NP; each optionally followed by an adverb.
  struct Shape {
    int kind, adv, n_np, base;
  };
  Shape feasible[6];
  int n_feasible = 0;
  const int n_nps[3] = {1, 2, 3};
  const int bases[3] = {3, 5, 8};
  for (int kind = 0; kind < 3; ++kind)
    for (int adv = 0; adv < 2; ++adv) {
      const int budget = len - bases[kind] - adv;
      if (budget >= 0 && budget <= 3 * n_nps[kind])
        feasible[n_feasible++] = Shape{kind, adv, n_nps[kind], bases[kind] + adv};
    }
  const Shape s = feasible[rng.uniform_int(n_feasible)];
  // Spread the adjective budget over the noun phrases, one at a time, at most 3 each.
  int n_adj[3] = {0, 0, 0};
  for (int left = len - s.base; left > 0; --left) {
    int room[3], n_room = 0;
    for (int i = 0; i < s.n_np; ++i)
      if (n_adj[i] < 3) room[n_room++] = i;
    ++n_adj[room[rng.uniform_int(n_room)]];
  }
  std::vector<int> out;
  out.reserve(static_cast<std::size_t>(len));
  gen_np(rng, n_adj[0], out);
  if (s.kind == 0) {
    out.push_back(kSrcVi0 + rng.uniform_int(kNumIntransitive));
  } else {
    out.push_back(kSrcVt0 + rng.uniform_int(kNumTransitive));
    gen_np(rng, n_adj[1], out);
    if (s.kind == 2) {
      out.push_back(kSrcPrep0 + rng.uniform_int(kNumPrepositions));
      gen_np(rng, n_adj[2], out);
    }
  }
  if (s.adv) out.push_back(kSrcAdv0 + rng.uniform_int(kNumAdverbs));
  return out;
}

Example gen_example(TaskKind kind, Rng& rng, int len) {
  Example e;
  if (kind == TaskKind::kTranslation) {
    e.src = gen_sentence(rng, len);
  } else if (kind == TaskKind::kInduction) {
    // n = len distinct letters (partial Fisher–Yates), then the same n again.
    int pool[kInductionSymbols];
    for (int i = 0; i < kInductionSymbols; ++i) pool[i] = kNumSpecial + i;
    e.tgt.resize(static_cast<std::size_t>(2 * len));
    for (int i = 0; i < len; ++i) {
      const int j = i + rng.uniform_int(kInductionSymbols - i);
      std::swap(pool[i], pool[j]);
      e.tgt[static_cast<std::size_t>(i)] = pool[i];
      e.tgt[static_cast<std::size_t>(len + i)] = pool[i];
    }
    return e;
  } else {
    e.src.resize(static_cast<std::size_t>(len));
    for (int& w : e.src) w = kNumSpecial + rng.uniform_int(kReversalSymbols);
  }
  e.tgt = reference_target(kind, e.src);
  return e;
}

std::string key_of(const std::vector<int>& ids) {
  std::string k;
  k.reserve(ids.size());
  for (int w : ids) k.push_back(static_cast<char>(w));
  return k;
}

}  // namespace

void task_vocabularies(TaskKind kind, Vocab& src, Vocab& tgt) {
  src.words = specials();
  tgt.words = specials();
  if (kind == TaskKind::kTranslation) {
    src.words.emplace_back("the");
    src.words.emplace_back("a");
    for (const char* w : {"le", "la", "un", "une"}) tgt.words.emplace_back(w);
    append(src.words, tgt.words, kNouns);
    append(src.words, tgt.words, kAdjectives);
    append(src.words, tgt.words, kTransitive);
    append(src.words, tgt.words, kIntransitive);
    append(src.words, tgt.words, kPrepositions);
    append(src.words, tgt.words, kAdverbs);
  } else if (kind == TaskKind::kInduction) {
    for (int i = 0; i < kInductionSymbols; ++i)
      tgt.words.emplace_back(1, static_cast<char>('a' + i));
  } else {
    for (int i = 0; i < kReversalSymbols; ++i) {
      const std::string w(1, static_cast<char>('a' + i));
      src.words.push_back(w);
      tgt.words.push_back(w);
    }
  }
}

std::vector<int> reference_target(TaskKind kind, const std::vector<int>& src) {
  if (kind == TaskKind::kTranslation) return translate_rules(src);
  if (kind == TaskKind::kInduction) return {};
  return std::vector<int>(src.rbegin(), src.rend());
}

std::vector<int> reference_alignment(TaskKind kind, const std::vector<int>& src) {
  std::vector<int> align;
  if (kind == TaskKind::kTranslation) {
    translate_rules(src, &align);
  } else if (kind == TaskKind::kReversal) {
    const int n = static_cast<int>(src.size());
    for (int i = 0; i < n; ++i) align.push_back(n - 1 - i);
  }
  return align;
}

int example_length(TaskKind kind, const Example& e) {
  return kind == TaskKind::kInduction ? static_cast<int>(e.tgt.size() / 2)
                                      : static_cast<int>(e.src.size());
}

std::string check_make_task(const TaskConfig& c) {
  Msg s;
  if (c.kind != TaskKind::kTranslation && c.kind != TaskKind::kReversal &&
      c.kind != TaskKind::kInduction) {
    s << "make_task: kind must be translation (0), reversal (1) or induction (2), got "
      << static_cast<int>(c.kind);
  } else if (c.min_len < kTaskMinLen || c.max_len > kTaskMaxLen || c.min_len > c.max_len) {
    s << "make_task: lengths must satisfy " << kTaskMinLen
      << " <= min_len <= max_len <= " << kTaskMaxLen << ", got min_len " << c.min_len
      << ", max_len " << c.max_len;
  } else if (c.train_size < 1 || c.train_size > 1000000) {
    s << "make_task: train_size must be in [1, 1000000], got " << c.train_size;
  } else if (c.test_per_length < 1 || c.test_per_length > 10000) {
    s << "make_task: test_per_length must be in [1, 10000], got " << c.test_per_length;
  }
  return s.str();
}

void make_task(const TaskConfig& c, Task& out) {
  require(check_make_task(c));
  out.kind = c.kind;
  out.min_len = c.min_len;
  out.max_len = c.max_len;
  task_vocabularies(c.kind, out.src_vocab, out.tgt_vocab);
  // Two independent streams from the seed: the test set first, then the training set, which
  // rejects any source sentence of the test set (giving up after 1000 draws, possible only when
  // a length has fewer distinct sentences than the test set asks for).
  Rng test_rng(c.seed ^ 0x7E57000000000000ULL);
  Rng train_rng(c.seed ^ 0x7EA1000000000000ULL);
  const int n_len = c.max_len - c.min_len + 1;
  out.test.clear();
  out.test.reserve(static_cast<std::size_t>(n_len * c.test_per_length));
  std::unordered_set<std::string> held_out;
  for (int len = c.min_len; len <= c.max_len; ++len)
    for (int i = 0; i < c.test_per_length; ++i) {
      out.test.push_back(gen_example(c.kind, test_rng, len));
      held_out.insert(
          key_of(c.kind == TaskKind::kInduction ? out.test.back().tgt : out.test.back().src));
    }
  out.train.clear();
  out.train.reserve(static_cast<std::size_t>(c.train_size));
  for (int i = 0; i < c.train_size; ++i) {
    const int len = c.min_len + i % n_len;  // exactly balanced lengths
    Example e = gen_example(c.kind, train_rng, len);
    const bool ind = c.kind == TaskKind::kInduction;
    for (int tries = 0; tries < 1000 && held_out.count(key_of(ind ? e.tgt : e.src)) != 0; ++tries)
      e = gen_example(c.kind, train_rng, len);
    out.train.push_back(std::move(e));
  }
  for (std::size_t i = out.train.size(); i > 1; --i) {  // Fisher–Yates shuffle
    const std::size_t j = static_cast<std::size_t>(train_rng.uniform_int(static_cast<int>(i)));
    std::swap(out.train[i - 1], out.train[j]);
  }
}

Tokenized tokenize(const Vocab& vocab, std::string_view sentence) {
  Tokenized t;
  std::string word;
  auto emit = [&]() {
    if (word.empty()) return;
    const int id = vocab.id(word);
    if (id == kUnk && word != "<unk>") t.unknown.push_back(word);
    t.ids.push_back(id);
    word.clear();
  };
  for (char ch : sentence) {
    const unsigned char u = static_cast<unsigned char>(ch);
    if (std::isspace(u) || ch == '.' || ch == ',' || ch == ';' || ch == ':' || ch == '!' ||
        ch == '?' || ch == '"') {
      emit();
    } else {
      word.push_back(static_cast<char>(std::tolower(u)));
    }
  }
  emit();
  return t;
}

std::string detokenize(const Vocab& vocab, const std::vector<int>& ids) {
  std::string s;
  for (int id : ids) {
    if (id == kEos) break;
    if (id == kPad || id == kBos) continue;
    if (!s.empty()) s.push_back(' ');
    s += (id >= 0 && id < vocab.size()) ? vocab.words[static_cast<std::size_t>(id)] : "<unk>";
  }
  return s;
}

}  // namespace attn
