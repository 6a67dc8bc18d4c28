// core/src/statistics.cpp — score statistics and matrix comparison (attn/statistics.hpp).
// Sums in double, rounded once. No attention here beyond Q·Kᵀ and the softmax of step 5.
#include "attn/statistics.hpp"

#include <algorithm>
#include <cmath>

#include "attn/attention.hpp"
#include "attn/softmax.hpp"

namespace attn {

namespace {

// Mean, population sd, min and max of x; counts left empty.
ScoreSummary summarize(const MatRef& x) {
  ScoreSummary s;
  const double n = static_cast<double>(x.size());
  double sum = 0.0;
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = 0; j < x.cols(); ++j) sum += static_cast<double>(x(i, j));
  const double mean = sum / n;
  // Two passes (mean first): no cancellation in Σx² − n·mean².
  double ss = 0.0;
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const double d = static_cast<double>(x(i, j)) - mean;
      ss += d * d;
    }
  s.mean = static_cast<float>(mean);
  s.sd = static_cast<float>(std::sqrt(ss / n));
  s.min = x.minCoeff();
  s.max = x.maxCoeff();
  return s;
}

// Counts of x in `bins` equal bins over [-range, range]; a value on the top edge goes in the last.
std::vector<int> histogram(const MatRef& x, double range, int bins) {
  std::vector<int> counts(static_cast<size_t>(bins), 0);
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const double t = (static_cast<double>(x(i, j)) + range) / (2.0 * range);
      const int b = std::clamp(static_cast<int>(std::floor(t * bins)), 0, bins - 1);
      ++counts[static_cast<size_t>(b)];
    }
  return counts;
}

}  // namespace

std::string check_score_statistics(const MatRef& Q, const MatRef& K,
                                   const ScoreStatisticsOptions& options, const char* fn) {
  std::string e;
  if (!(e = check_matrix(fn, "Q", Q)).empty()) return e;
  if (!(e = check_matrix(fn, "K", K)).empty()) return e;
  Msg s;
  if (K.cols() != Q.cols()) {
    s << fn << ": K has " << K.cols() << " columns but Q has " << Q.cols() << " (Q: " << shape(Q)
      << ", K: " << shape(K) << "); both must have d_k columns";
  } else if (Q.rows() * K.rows() > kMaxElements) {
    s << fn << ": the score matrix (T_q, T_k) = " << shape(Q.rows(), K.rows())
      << " would exceed the limit of " << kMaxElements << " elements";
  } else if (options.scale && !std::isfinite(*options.scale)) {
    s << fn << ": scale must be a finite number, got " << format_float(*options.scale);
  } else if (options.scale && !(std::abs(*options.scale) <= kMaxAbsValue)) {
    s << fn << ": scale " << format_float(*options.scale) << " is outside the value limit of ±1e6";
  } else if (options.bins < 1 || options.bins > kMaxBins) {
    s << fn << ": bins must be an integer from 1 to " << kMaxBins << ", got " << options.bins;
  } else if (!(options.min_range >= 0.0f && options.min_range <= kMaxAbsValue)) {
    s << fn << ": minRange must be a number from 0 to 1e6, got " << format_float(options.min_range);
  }
  return s.str();
}

void score_statistics(const MatRef& Q, const MatRef& K, const ScoreStatisticsOptions& options,
                      ScoreStatistics& out) {
  require(check_score_statistics(Q, K, options));
  const Eigen::Index d_k = Q.cols();
  out.scale = options.scale ? *options.scale : default_scale(d_k);
  out.sqrt_dk = static_cast<float>(std::sqrt(static_cast<double>(d_k)));
  // 1. The scores, raw and scaled, exactly as attention() forms them.
  Mat raw(Q.rows(), K.rows());
  raw.noalias() = Q * K.transpose();
  const Mat scaled = raw * out.scale;
  // 2. Their summaries: the sd of q·k grows like sqrt(d_k); scaling brings it back to ~1.
  out.raw = summarize(raw);
  out.scaled = summarize(scaled);
  // 3. One histogram axis for both, symmetric, wide enough for every score.
  const float widest =
      std::max({options.min_range, raw.cwiseAbs().maxCoeff(), scaled.cwiseAbs().maxCoeff()});
  out.range = widest > 0.0f ? widest : 1.0f;
  const int bins = options.bins;
  const double range = static_cast<double>(out.range);
  out.edges.resize(bins + 1);
  out.centers.resize(bins);
  for (int b = 0; b <= bins; ++b)
    out.edges(b) = static_cast<float>(-range + 2.0 * range * b / bins);
  for (int b = 0; b < bins; ++b)
    out.centers(b) = static_cast<float>(-range + 2.0 * range * (b + 0.5) / bins);
  out.raw.counts = histogram(raw, range, bins);
  out.scaled.counts = histogram(scaled, range, bins);
  // 4. Saturation: each query's largest softmax weight. Near 1 everywhere = one-hot rows.
  Mat weights;
  softmax_rows_unchecked(scaled, 1.0f, weights);
  const Vec row_max = weights.rowwise().maxCoeff();
  out.mean_max_weight = static_cast<float>(row_max.cast<double>().mean());
  out.max_max_weight = row_max.maxCoeff();
}

std::string check_compare_matrices(const MatRef& A, const MatRef& B, const char* fn) {
  std::string e;
  if (!(e = check_matrix(fn, "A", A)).empty()) return e;
  if (!(e = check_matrix(fn, "B", B)).empty()) return e;
  Msg s;
  if (A.rows() != B.rows() || A.cols() != B.cols())
    s << fn << ": A is " << shape(A) << " but B is " << shape(B) << "; they must have one shape";
  return s.str();
}

void compare_matrices(const MatRef& A, const MatRef& B, Comparison& out) {
  require(check_compare_matrices(A, B));
  // 1. The difference, entry by entry.
  out.difference.resize(A.rows(), A.cols());
  out.difference.noalias() = A - B;
  // 2. Its largest magnitude; a strict > keeps the first position of a tie (row-major).
  out.max_abs = 0.0f;
  out.row = 0;
  out.col = 0;
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j)
      if (std::abs(out.difference(i, j)) > out.max_abs) {
        out.max_abs = std::abs(out.difference(i, j));
        out.row = static_cast<int>(i);
        out.col = static_cast<int>(j);
      }
}

}  // namespace attn
