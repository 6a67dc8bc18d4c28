// bench/attn_bench.cpp — native timings of the core's hot paths with Google Benchmark:
// multi-head self-attention forward (8 heads, output only, a prepared layer — weights packed
// once, as the WASM side's core.createMultiHeadAttention — and a reused workspace) at
// T ∈ {8…512} × d_model ∈ {64, 256, 512}, with and without a causal mask, and row softmax
// throughput. Inputs come from bench/inputs.hpp, identical to the JavaScript side's.
// `--attn_dump=FILE` first writes each case's output checksums and samples as JSON lines, so
// bench/run.mjs can check that native and WASM agree. It checks no targets itself.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "attn/multihead.hpp"
#include "attn/softmax.hpp"
#include "inputs.hpp"

namespace {

const long kTs[] = {8, 32, 64, 128, 256, 512};
const long kDs[] = {64, 256, 512};
constexpr int kHeads = 8;

// One forward: output = MHA(x, x, x) through a prepared layer's fast path.
void BM_MultiHead(benchmark::State& state) {
  const long T = state.range(0), d = state.range(1);
  const bool causal = state.range(2) != 0;
  const attn::Mat x = attn_bench::input(T, d);
  const attn::MultiHeadWeights w = attn_bench::weights(d);
  attn::MultiHeadConfig config;
  config.n_heads = kHeads;
  attn::MultiHeadOptions opts;
  opts.causal = causal;
  attn::PreparedMultiHead layer;
  attn::prepare_multi_head(config, w, layer);
  attn::MultiHeadWorkspace ws;
  attn::Mat out;
  // One untimed forward sizes the workspace and output and warms the caches, so no timed
  // iteration pays an allocation (a run of a large case has only a few iterations, and with
  // random interleaving the case before it was a different size).
  attn::multi_head_forward(x, x, x, layer, opts, ws, out);
  for (auto _ : state) {
    attn::multi_head_forward(x, x, x, layer, opts, ws, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  const double Td = static_cast<double>(T), dd = static_cast<double>(d);
  const double flops = 8.0 * Td * dd * dd + 4.0 * Td * Td * dd;
  state.counters["GFLOPs"] =
      benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// Row softmax of a (512, 512) matrix of scores (elements/s).
void BM_Softmax(benchmark::State& state) {
  const long n = state.range(0);
  const attn::Mat x = attn_bench::fill(7, n, n, 4.0f);
  attn::Mat out;
  attn::softmax_rows_unchecked(x, 1.0f, out);  // untimed: sizes out
  for (auto _ : state) {
    attn::softmax_rows_unchecked(x, 1.0f, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * n * n);
}

void register_all() {
  for (long causal : {0L, 1L})
    for (long d : kDs)
      for (long T : kTs)
        benchmark::RegisterBenchmark("mha", BM_MultiHead)
            ->Args({T, d, causal})
            ->Unit(benchmark::kMillisecond)
            ->MinTime(0.05)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true);
  benchmark::RegisterBenchmark("softmax", BM_Softmax)
      ->Arg(512)
      ->MinTime(0.05)
      ->Repetitions(5)
      ->ReportAggregatesOnly(true);
}

// {T, d, causal, sum, abs_sum, samples[16]} per case: what bench/run.mjs compares against WASM.
void dump(const char* path) {
  std::ofstream f(path);
  for (long causal : {0L, 1L})
    for (long d : kDs)
      for (long T : kTs) {
        const attn::Mat x = attn_bench::input(T, d);
        attn::MultiHeadConfig config;
        config.n_heads = kHeads;
        attn::MultiHeadOptions opts;
        opts.causal = causal != 0;
        attn::PreparedMultiHead layer;
        attn::prepare_multi_head(config, attn_bench::weights(d), layer);
        attn::MultiHeadWorkspace ws;
        attn::Mat out;
        attn::multi_head_forward(x, x, x, layer, opts, ws, out);
        f << "{\"T\":" << T << ",\"d\":" << d << ",\"causal\":" << (causal ? "true" : "false")
          << ",\"samples\":[";
        for (long s = 0; s < 16; ++s) {
          const long idx = (s * 7919) % out.size();
          f.precision(9);
          f << (s ? "," : "") << out.data()[idx];
        }
        f << "],\"sum\":" << out.sum() << "}\n";
      }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--attn_dump=", 12) == 0) {
      dump(argv[i] + 12);
    } else {
      args.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
