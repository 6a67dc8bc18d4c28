// tests/core/test_tasks.cpp — GoogleTest suite of attn/tasks.hpp: the PRNG, deterministic task
// generation, the grammar's reordering rules, held-out test sets, tokenization.
// It does not train a model (test_seq2seq.cpp does).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "attn/tasks.hpp"
#include "attn/types.hpp"

namespace {

using attn::Example;
using attn::Task;
using attn::TaskConfig;
using attn::TaskKind;
using attn::Vocab;

std::vector<int> ids_of(const Vocab& v, const std::string& sentence) {
  attn::Tokenized t = attn::tokenize(v, sentence);
  EXPECT_TRUE(t.unknown.empty()) << "unknown word in " << sentence;
  return t.ids;
}

std::string translate(const std::string& english) {
  Vocab src, tgt;
  attn::task_vocabularies(TaskKind::kTranslation, src, tgt);
  return attn::detokenize(tgt,
                          attn::reference_target(TaskKind::kTranslation, ids_of(src, english)));
}

TaskConfig small_config(TaskKind kind, std::uint64_t seed) {
  TaskConfig c;
  c.kind = kind;
  c.seed = seed;
  c.min_len = 3;
  c.max_len = 18;
  c.train_size = 3000;
  c.test_per_length = 20;
  return c;
}

TEST(TasksRng, SplitMix64ReferenceOutput) {
  // The published splitmix64 sequence for seed 0 starts with 0xE220A8397B1DCDAF.
  attn::Rng r(0);
  EXPECT_EQ(r.next_u64(), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(r.next_u64(), 0x6E789E6AA1B965F4ULL);
}

TEST(TasksRng, UniformIntStaysInRangeAndCoversIt) {
  attn::Rng r(42);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 7000; ++i) {
    const int k = r.uniform_int(7);
    ASSERT_GE(k, 0);
    ASSERT_LT(k, 7);
    ++counts[static_cast<std::size_t>(k)];
  }
  for (int c : counts) EXPECT_NEAR(c, 1000, 150);
  for (int i = 0; i < 1000; ++i) {
    const float f = r.uniform_float();
    ASSERT_GE(f, 0.0f);
    ASSERT_LT(f, 1.0f);
  }
}

TEST(TasksGrammar, AdjectivesFollowTheNounMirroredAndArticlesAgree) {
  EXPECT_EQ(translate("the black cat"), "le chat noir");
  EXPECT_EQ(translate("the big black cat sees a house"), "le chat noir grand voit une maison");
  EXPECT_EQ(translate("a small happy girl sleeps today"),
            "une fille heureux petit dort aujourd'hui");
  EXPECT_EQ(translate("the dog takes the old red book on a green table"),
            "le chien prend le livre rouge vieux sur une table vert");
}

TEST(TasksGrammar, OpenNounPhraseKeepsItsWordsInPlace) {
  // No noun closes the phrase: article (masculine) and adjectives are translated in place.
  EXPECT_EQ(translate("the big"), "le grand");
  EXPECT_EQ(translate("sees the red"), "voit le rouge");
}

TEST(TasksGrammar, UnknownWordsMapToUnk) {
  Vocab src, tgt;
  attn::task_vocabularies(TaskKind::kTranslation, src, tgt);
  attn::Tokenized t = attn::tokenize(src, "The purple cat sleeps");
  ASSERT_EQ(t.unknown.size(), 1u);
  EXPECT_EQ(t.unknown[0], "purple");
  EXPECT_EQ(attn::detokenize(tgt, attn::reference_target(TaskKind::kTranslation, t.ids)),
            "le <unk> chat dort");
}

TEST(TasksGenerate, SameSeedSameDataDifferentSeedDifferentData) {
  Task a, b, c;
  attn::make_task(small_config(TaskKind::kTranslation, 7), a);
  attn::make_task(small_config(TaskKind::kTranslation, 7), b);
  attn::make_task(small_config(TaskKind::kTranslation, 8), c);
  ASSERT_EQ(a.train.size(), b.train.size());
  int differ = 0;
  for (std::size_t i = 0; i < a.train.size(); ++i) {
    EXPECT_EQ(a.train[i].src, b.train[i].src);
    EXPECT_EQ(a.train[i].tgt, b.train[i].tgt);
    if (a.train[i].src != c.train[i].src) ++differ;
  }
  EXPECT_GT(differ, static_cast<int>(a.train.size()) / 2);
}

TEST(TasksGenerate, LengthsAreBalancedAndInRange) {
  for (TaskKind kind : {TaskKind::kTranslation, TaskKind::kReversal}) {
    Task t;
    TaskConfig cfg = small_config(kind, 3);
    attn::make_task(cfg, t);
    std::map<std::size_t, int> train_counts, test_counts;
    for (const Example& e : t.train) ++train_counts[e.src.size()];
    for (const Example& e : t.test) ++test_counts[e.src.size()];
    ASSERT_EQ(train_counts.size(), 16u);
    ASSERT_EQ(test_counts.size(), 16u);
    for (int len = cfg.min_len; len <= cfg.max_len; ++len) {
      const std::size_t L = static_cast<std::size_t>(len);
      EXPECT_NEAR(train_counts[L], cfg.train_size / 16, 1) << "length " << len;
      EXPECT_EQ(test_counts[L], cfg.test_per_length) << "length " << len;
    }
  }
}

TEST(TasksGenerate, TestSentencesNeverAppearInTraining) {
  Task t;
  attn::make_task(small_config(TaskKind::kTranslation, 11), t);
  std::set<std::vector<int>> train;
  for (const Example& e : t.train) train.insert(e.src);
  for (const Example& e : t.test) EXPECT_EQ(train.count(e.src), 0u);
}

TEST(TasksGenerate, TranslationPairsObeyTheGrammar) {
  Task t;
  attn::make_task(small_config(TaskKind::kTranslation, 5), t);
  const Vocab& sv = t.src_vocab;
  const Vocab& tv = t.tgt_vocab;
  const std::set<std::string> nouns_m = {"chat", "chien", "oiseau", "enfant", "livre", "arbre"};
  const std::set<std::string> nouns_f = {"maison", "voiture", "table", "fille", "fleur", "ville"};
  const std::set<std::string> adj_fr = {"noir",  "blanc", "grand", "petit",   "rouge",
                                        "vieux", "vert",  "bleu",  "heureux", "jeune"};
  const std::set<std::string> adj_en = {"black", "white", "big",  "small", "red",
                                        "old",   "green", "blue", "happy", "young"};
  const std::set<std::string> nouns_en = {"cat",   "dog", "bird",  "child", "book",   "tree",
                                          "house", "car", "table", "girl",  "flower", "city"};
  auto word = [](const Vocab& v, int id) { return v.words[static_cast<std::size_t>(id)]; };
  for (const Example& e : t.train) {
    ASSERT_EQ(e.src.size(), e.tgt.size());
    for (int id : e.src) ASSERT_GE(id, attn::kNumSpecial);
    for (int id : e.tgt) ASSERT_GE(id, attn::kNumSpecial);
    // English: an adjective is always followed by an adjective or a noun.
    for (std::size_t i = 0; i < e.src.size(); ++i)
      if (adj_en.count(word(sv, e.src[i]))) {
        ASSERT_LT(i + 1, e.src.size());
        const std::string next = word(sv, e.src[i + 1]);
        EXPECT_TRUE(adj_en.count(next) || nouns_en.count(next));
      }
    // French-like: an adjective follows a noun or an adjective; an article is followed by a
    // noun of its gender.
    for (std::size_t i = 0; i < e.tgt.size(); ++i) {
      const std::string w = word(tv, e.tgt[i]);
      if (adj_fr.count(w)) {
        ASSERT_GT(i, 0u);
        const std::string prev = word(tv, e.tgt[i - 1]);
        EXPECT_TRUE(adj_fr.count(prev) || nouns_m.count(prev) || nouns_f.count(prev)) << prev;
      }
      if (w == "le" || w == "un" || w == "la" || w == "une") {
        ASSERT_LT(i + 1, e.tgt.size());
        const std::string noun = word(tv, e.tgt[i + 1]);
        EXPECT_EQ((w == "le" || w == "un") ? nouns_m.count(noun) : nouns_f.count(noun), 1u)
            << w << " " << noun;
      }
    }
    // The same content words (by dictionary position) on both sides, as multisets.
    std::vector<int> src_content, tgt_content;
    for (int id : e.src)
      if (word(sv, id) != "the" && word(sv, id) != "a") src_content.push_back(id - 6);
    for (int id : e.tgt)
      if (id >= attn::kNumSpecial + 4) tgt_content.push_back(id - 8);
    std::sort(src_content.begin(), src_content.end());
    std::sort(tgt_content.begin(), tgt_content.end());
    EXPECT_EQ(src_content, tgt_content);
  }
}

TEST(TasksGenerate, TranslationHasReorderingAtEveryLengthAbove3) {
  Task t;
  attn::make_task(small_config(TaskKind::kTranslation, 9), t);
  std::map<std::size_t, int> reordered;
  for (const Example& e : t.test) {
    const std::vector<int> shifted = [&] {
      std::vector<int> s;
      for (int id : e.src) s.push_back(id + 2);
      return s;
    }();
    if (shifted != e.tgt) ++reordered[e.src.size()];
  }
  for (int len = 4; len <= 18; ++len) EXPECT_GT(reordered[static_cast<std::size_t>(len)], 0);
}

TEST(TasksGenerate, ReversalReverses) {
  Task t;
  attn::make_task(small_config(TaskKind::kReversal, 2), t);
  for (const Example& e : t.train) EXPECT_EQ(e.tgt, std::vector<int>(e.src.rbegin(), e.src.rend()));
  EXPECT_EQ(t.src_vocab.size(), t.tgt_vocab.size());
}

TEST(TasksTokenize, LowercasesSplitsPunctuationAndRoundTrips) {
  Vocab src, tgt;
  attn::task_vocabularies(TaskKind::kTranslation, src, tgt);
  attn::Tokenized t = attn::tokenize(src, "  The BLACK cat,sleeps!  ");
  EXPECT_TRUE(t.unknown.empty());
  EXPECT_EQ(attn::detokenize(src, t.ids), "the black cat sleeps");
  EXPECT_TRUE(attn::tokenize(src, "   ").ids.empty());
  std::vector<int> with_specials = t.ids;
  with_specials.insert(with_specials.begin(), attn::kBos);
  with_specials.push_back(attn::kEos);
  with_specials.push_back(src.id("dog"));
  EXPECT_EQ(attn::detokenize(src, with_specials), "the black cat sleeps");
}

TEST(TasksCheck, InvalidConfigsAreRejectedWithTheFunctionName) {
  TaskConfig c;
  EXPECT_EQ(attn::check_make_task(c), "");
  c.max_len = attn::kTaskMaxLen + 1;
  EXPECT_EQ(attn::check_make_task(c).rfind("make_task: lengths", 0), 0u);
  c.max_len = 10;
  c.min_len = 11;
  EXPECT_NE(attn::check_make_task(c), "");
  c.min_len = 3;
  c.train_size = 0;
  EXPECT_EQ(attn::check_make_task(c).rfind("make_task: train_size", 0), 0u);
  Task t;
  EXPECT_THROW(attn::make_task(c, t), attn::Error);
}

}  // namespace
