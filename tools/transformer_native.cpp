// tools/transformer_native.cpp — the Transformer lab's experiment, natively: trains the
// TransformerTrainer on one task, prints the loss and the wall-clock time while training, then
// the held-out accuracy (translation/reversal: greedy decoding by source length; induction:
// teacher-forced accuracy and loss of the first and the repeated half), every head's scores,
// and (induction) the repeated-half loss with the best induction head ablated. Used to tune the
// defaults of the web lab. It computes nothing itself (the core does) and is not a test.
//
// Usage: transformer_native [key=value ...]
//   task=translation|reversal|induction  steps=N  batch=B  d_model=N  heads=N  enc=N  dec=N
//   ff=N  lr=x  clip=x  warmup=N  decay_after=N  min_len=n  max_len=n  train=N  test=N
//   seed=N  pe=0|1  log_every=N  eval_every=N   (unset keys: attn::transformer_lab_defaults)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "attn/transformer.hpp"

namespace {

struct Options {
  attn::TransformerTrainerConfig cfg;
  int steps = 600;
  int log_every = 100;
  int eval_every = 0;
};

bool parse(int argc, char** argv, Options& o) {
  // Start from the lab's defaults of the task (attn::transformer_lab_defaults), then override.
  attn::TaskKind kind = attn::TaskKind::kTranslation;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "task=reversal") kind = attn::TaskKind::kReversal;
    if (a == "task=induction") kind = attn::TaskKind::kInduction;
  }
  const attn::TransformerLabDefaults d = attn::transformer_lab_defaults(kind);
  o.cfg = d.config;
  o.steps = d.steps;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const std::size_t eq = a.find('=');
    if (eq == std::string::npos) return false;
    const std::string k = a.substr(0, eq), v = a.substr(eq + 1);
    const double x = std::atof(v.c_str());
    const int n = std::atoi(v.c_str());
    if (k == "task")
      o.cfg.task.kind = v == "reversal"    ? attn::TaskKind::kReversal
                        : v == "induction" ? attn::TaskKind::kInduction
                                           : attn::TaskKind::kTranslation;
    else if (k == "steps")
      o.steps = n;
    else if (k == "batch")
      o.cfg.batch_size = n;
    else if (k == "d_model")
      o.cfg.model.d_model = n;
    else if (k == "heads")
      o.cfg.model.n_heads = n;
    else if (k == "enc")
      o.cfg.model.enc_layers = n;
    else if (k == "dec")
      o.cfg.model.dec_layers = n;
    else if (k == "ff")
      o.cfg.model.d_ff = n;
    else if (k == "pe")
      o.cfg.model.positional = n ? attn::PositionalKind::kSinusoidal : attn::PositionalKind::kNone;
    else if (k == "lr")
      o.cfg.adam.lr = static_cast<float>(x);
    else if (k == "clip")
      o.cfg.adam.clip = static_cast<float>(x);
    else if (k == "warmup")
      o.cfg.adam.warmup = n;
    else if (k == "decay_after")
      o.cfg.adam.decay_after = n;
    else if (k == "min_len")
      o.cfg.task.min_len = n;
    else if (k == "max_len")
      o.cfg.task.max_len = n;
    else if (k == "train")
      o.cfg.task.train_size = n;
    else if (k == "test")
      o.cfg.task.test_per_length = n;
    else if (k == "seed")
      o.cfg.model.seed = o.cfg.task.seed = o.cfg.shuffle_seed = static_cast<std::uint64_t>(n);
    else if (k == "log_every")
      o.log_every = n;
    else if (k == "eval_every")
      o.eval_every = n;
    else
      return false;
  }
  return true;
}

void report(attn::TransformerTrainer& t) {
  std::vector<attn::LengthAccuracy> acc;
  const std::clock_t c0 = std::clock();
  t.evaluate(acc);
  std::printf("  evaluate: %.2f cpu-s\n", static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
  double worst = 1;
  for (const attn::LengthAccuracy& a : acc) {
    std::printf("  len %2d half %2d  sentences %4d  token acc %.3f  exact %4d  loss %.3f\n",
                a.length, a.half, a.sentences, a.token_accuracy(), a.exact, a.loss);
    if (a.half != 0) worst = std::min(worst, a.token_accuracy());
  }
  std::printf("  worst token accuracy (repeated half for induction): %.3f\n", worst);
  std::vector<attn::HeadScore> hs;
  t.head_scores(hs);
  for (const attn::HeadScore& s : hs)
    std::printf("  %-7s L%d H%d  prev %.3f  induction %.3f  align %.3f\n",
                attn::attn_block_name(s.block), s.layer, s.head, s.previous_token, s.induction,
                s.alignment);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: transformer_native [key=value ...] (see the source)\n");
    return 2;
  }
  const std::string err = attn::check_transformer_trainer(o.cfg);
  if (!err.empty()) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return 2;
  }
  attn::TransformerTrainer t(o.cfg);
  std::printf("parameters %ld\n", attn::transformer_parameter_count(t.weights()));
  double seconds = 0, cpu = 0;
  for (int done = 0; done < o.steps;) {
    const int n = std::min(o.log_every, o.steps - done);
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    const float loss = t.train_steps(n);
    cpu += static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    done += n;
    std::printf("step %5d  loss %.4f  grad norm %.3f  wall %.2f s, cpu %.2f s (%.1f steps/cpu-s)\n",
                done, loss, t.last_grad_norm(), seconds, cpu, done / cpu);
    if (o.eval_every > 0 && done % o.eval_every == 0 && done < o.steps) report(t);
    std::fflush(stdout);
  }
  report(t);
  if (o.cfg.task.kind == attn::TaskKind::kInduction) {
    std::vector<attn::HeadScore> hs;
    t.head_scores(hs);
    const attn::HeadScore* best = nullptr;
    for (const attn::HeadScore& s : hs)
      if (s.layer >= 1 && (!best || s.induction > best->induction)) best = &s;
    const double base = t.repeated_half_loss();
    if (best) {
      const attn::HeadScore b = *best;
      t.set_head_enabled(b.block, b.layer, b.head, false);
      const double off = t.repeated_half_loss();
      t.set_head_enabled(b.block, b.layer, b.head, true);
      std::printf("repeated-half loss %.4f; with L%d H%d (induction %.3f) off %.4f (x%.1f)\n", base,
                  b.layer, b.head, b.induction, off, off / base);
    }
  }
  std::printf("checksum %08x  train time wall %.2f s, cpu %.2f s\n", t.weights_checksum(), seconds,
              cpu);
  return 0;
}
