// attn/statistics.hpp — the summaries lessons show about matrices the core computed:
//   score_statistics: lesson 4's "why ÷√d_k": mean, standard deviation, range and a histogram of
//     the raw scores q·k and of the scaled ones q·k·scale, and how peaked softmax(scaled) is;
//   compare_matrices: A − B, its largest absolute entry and where it is (lesson 9's "is the
//     shuffled output just the original permuted?", lesson 11's "where do two attentions differ?").
// Sums run in double and are rounded once. It does not mask, and it draws nothing: bins and
// ranges are returned as numbers; the lessons only format and lay them out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attn/types.hpp"

namespace attn {

constexpr int kMaxBins = 1000;

struct ScoreStatisticsOptions {
  std::optional<float> scale;  // scaled = raw · scale; default 1/sqrt(d_k), as attention()
  int bins = 24;               // histogram bins, 1 … kMaxBins
  float min_range = 0.0f;      // the histogram spans at least [-min_range, min_range]; 0 … 1e6
};

// One set of T_q·T_k scores.
struct ScoreSummary {
  float mean = 0.0f;
  float sd = 0.0f;  // population standard deviation (divides by T_q·T_k)
  float min = 0.0f;
  float max = 0.0f;
  std::vector<int> counts;  // counts: (bins), scores in [edges[b], edges[b+1]) (the last bin
                            // also holds a score equal to edges[bins])
};

struct ScoreStatistics {
  float scale = 0.0f;    // the scale used
  float sqrt_dk = 0.0f;  // sqrt(d_k) in double, rounded once: the sd of q·k when the entries of
                         // q and k are independent with mean 0 and variance 1
  float range = 0.0f;    // max(min_range, max |raw|, max |scaled|), or 1 if that is 0: raw and
                         // scaled share one histogram axis [-range, range]
  Vec edges;             // edges:   (bins + 1), -range + 2·range·b/bins
  Vec centers;           // centers: (bins), the middle of each bin
  ScoreSummary raw;      // of scores = Q·Kᵀ, (T_q, T_k)
  ScoreSummary scaled;   // of scores · scale
  float mean_max_weight = 0.0f;  // mean over queries of max_j softmax(scaled)_ij: near 1 when
                                 // softmax saturates (one-hot rows, vanishing gradients)
  float max_max_weight = 0.0f;   // the largest of those row maxima
};

// "" when the arguments are valid, else a message starting with `fn`.
// Q: (T_q, d_k), K: (T_k, d_k)
std::string check_score_statistics(const MatRef& Q, const MatRef& K,
                                   const ScoreStatisticsOptions& options,
                                   const char* fn = "scoreStatistics");

// Inputs:  Q (T_q, d_k), K (T_k, d_k), options
// Outputs: out, every member resized. Throws attn::Error on invalid arguments.
void score_statistics(const MatRef& Q, const MatRef& K, const ScoreStatisticsOptions& options,
                      ScoreStatistics& out);

struct Comparison {
  Mat difference;        // difference: (rows, cols) = A − B
  float max_abs = 0.0f;  // max |A − B| (0 when A == B)
  int row = 0;           // the first (row-major) position of max_abs
  int col = 0;
};

// "" when A and B are valid matrices of one shape, else a message naming `fn` and both shapes.
std::string check_compare_matrices(const MatRef& A, const MatRef& B,
                                   const char* fn = "compareMatrices");

// Inputs:  A, B (rows, cols)
// Outputs: out, every member resized. Throws attn::Error on invalid arguments.
void compare_matrices(const MatRef& A, const MatRef& B, Comparison& out);

}  // namespace attn
