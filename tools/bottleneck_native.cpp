// tools/bottleneck_native.cpp — the bottleneck lab's experiment, natively: trains the
// no-attention and the attention GRU encoder–decoder on the same task with the same seeds,
// prints the loss while training, the wall-clock time of each model and the token accuracy
// of greedy decoding by source length on the held-out set. Used to tune the defaults that
// scripts/bottleneck-headless.mjs and the web lab use. It computes nothing itself (the core
// does) and is not part of the test suite.
//
// Usage: bottleneck_native [key=value ...]
//   task=translation|reversal  steps=N  batch=B  hidden=h  embed=E  attn=a  lr=x  clip=x
//   min_len=n max_len=n train=N test=N seed=N  models=none,additive,dot  log_every=N
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "attn/seq2seq.hpp"

namespace {

struct Options {
  attn::Seq2SeqTrainerConfig cfg;
  int steps = 600;
  int log_every = 200;
  std::vector<attn::AttentionKind> models{attn::AttentionKind::kNone,
                                          attn::AttentionKind::kAdditive};
};

const char* kind_name(attn::AttentionKind k) {
  return k == attn::AttentionKind::kNone       ? "none"
         : k == attn::AttentionKind::kAdditive ? "additive"
                                               : "dot";
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const std::size_t eq = a.find('=');
    if (eq == std::string::npos) return false;
    const std::string k = a.substr(0, eq), v = a.substr(eq + 1);
    const double x = std::atof(v.c_str());
    const int n = std::atoi(v.c_str());
    if (k == "task")
      o.cfg.task.kind = v == "reversal" ? attn::TaskKind::kReversal : attn::TaskKind::kTranslation;
    else if (k == "steps")
      o.steps = n;
    else if (k == "batch")
      o.cfg.batch_size = n;
    else if (k == "hidden")
      o.cfg.model.hidden = n;
    else if (k == "embed")
      o.cfg.model.embed = n;
    else if (k == "attn")
      o.cfg.model.attn_hidden = n;
    else if (k == "lr")
      o.cfg.adam.lr = static_cast<float>(x);
    else if (k == "decay_after")
      o.cfg.adam.decay_after = n;
    else if (k == "clip")
      o.cfg.adam.clip = static_cast<float>(x);
    else if (k == "min_len")
      o.cfg.task.min_len = n;
    else if (k == "max_len")
      o.cfg.task.max_len = n;
    else if (k == "train")
      o.cfg.task.train_size = n;
    else if (k == "test")
      o.cfg.task.test_per_length = n;
    else if (k == "seed") {
      o.cfg.task.seed = static_cast<std::uint64_t>(n);
      o.cfg.model.seed = static_cast<std::uint64_t>(n);
      o.cfg.shuffle_seed = static_cast<std::uint64_t>(n);
    } else if (k == "log_every")
      o.log_every = n;
    else if (k == "models") {
      o.models.clear();
      if (v.find("none") != std::string::npos) o.models.push_back(attn::AttentionKind::kNone);
      if (v.find("additive") != std::string::npos)
        o.models.push_back(attn::AttentionKind::kAdditive);
      if (v.find("dot") != std::string::npos) o.models.push_back(attn::AttentionKind::kDot);
    } else
      return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: %s [key=value ...] (see the source for keys)\n", argv[0]);
    return 2;
  }
  const std::string problem = attn::check_seq2seq_trainer(o.cfg);
  if (!problem.empty()) {
    std::fprintf(stderr, "%s\n", problem.c_str());
    return 2;
  }
  std::printf(
      "task %s, lengths %d..%d, train %d, test %d/length; E %d, h %d, a %d, B %d, lr %g, "
      "clip %g, steps %d\n",
      o.cfg.task.kind == attn::TaskKind::kTranslation ? "translation" : "reversal",
      o.cfg.task.min_len, o.cfg.task.max_len, o.cfg.task.train_size, o.cfg.task.test_per_length,
      o.cfg.model.embed, o.cfg.model.hidden, o.cfg.model.attn_hidden, o.cfg.batch_size,
      static_cast<double>(o.cfg.adam.lr), static_cast<double>(o.cfg.adam.clip), o.steps);
  std::vector<std::vector<attn::LengthAccuracy>> results;
  double total_seconds = 0;
  for (attn::AttentionKind kind : o.models) {
    attn::Seq2SeqTrainerConfig cfg = o.cfg;
    cfg.model.attention = kind;
    const auto t0 = std::chrono::steady_clock::now();
    attn::Seq2SeqTrainer trainer(cfg);
    int done = 0;
    while (done < o.steps) {
      const int n = std::min(o.log_every, o.steps - done);
      const float loss = trainer.train_steps(n);
      done += n;
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("  %-8s step %5d  epoch %3d  loss %.4f  |g| %.3f  %.1f s\n", kind_name(kind),
                  done, trainer.epochs(), static_cast<double>(loss),
                  static_cast<double>(trainer.last_grad_norm()), s);
      std::fflush(stdout);
    }
    const double train_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::vector<attn::LengthAccuracy> acc;
    trainer.evaluate(acc);
    const double all_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    total_seconds += all_s;
    std::printf("%-8s params %ld  train %.2f s  (+ eval %.2f s)\n", kind_name(kind),
                attn::seq2seq_parameter_count(trainer.weights()), train_s, all_s - train_s);
    results.push_back(acc);
  }
  std::printf("\ntoken accuracy (%%) by source length, greedy decoding, held-out set\nlength");
  for (attn::AttentionKind kind : o.models) std::printf("  %9s", kind_name(kind));
  std::printf("\n");
  for (std::size_t k = 0; k < results[0].size(); ++k) {
    std::printf("%6d", results[0][k].length);
    for (const auto& r : results) std::printf("  %9.1f", 100.0 * r[k].token_accuracy());
    std::printf("\n");
  }
  std::printf("total %.2f s\n", total_seconds);
  return 0;
}
