#pragma once
// noneq-closure-fit: a data-driven closure of the 2D active-fluid moment model, learned a priori
// from kinetic runs (noneq-active-fluid level = kinetic with output.psi_interval > 0). At every
// point of every Psi frame (t >= from) the principal-frame moments are
//   s = |mu_2|/mu_0 = 2 lambda_1 - 1,   r = Re(mu_4 e^{-4i phi})/mu_0   (e^{2i phi} = mu_2/|mu_2|),
//   S'1111 = (3 + 4 s + r)/8,
// binned in lambda_1 on [0.5, 1). The closure is r = h(s^2) s^2 (closure.hpp); per bin h is the
// least-squares fit sum(r s^2)/sum(s^4) (averaging r and s separately would bias h by <s^2>/<s>^2,
// 4/3 in the first bin), and the table entry is S'1111 = (3 + 4 s + h s^2)/8 at the bin's mean
// s, which the table closure turns back into exactly that h. The table (kind "closure-table") is
// what `[model] closure = table` reads:
//   /lambda1 [k]  mean lambda_1 of each bin kept (>= min_count points), increasing; the first entry
//                 is the isotropic point (0.5, 3/8) when the lowest bin does not reach it
//   /S1111 [k]    as above;  /S1111_std [k] (spread of the points' S'1111), /count [k]
//   /bingham_S1111 [k]  the Bingham closure at the same lambda_1, for comparison
//   /provenance (+ inputs)
#include <mpi.h>

#include <complex>
#include <cstdint>
#include <string>
#include <vector>

namespace noneq::analysis {

struct ClosureFitOptions {
  std::vector<std::string> inputs;
  std::string output, command_line;
  bool overwrite = false;
  int bins = 40;
  std::int64_t min_count = 20;
  double from_time = 0;
};

struct ClosureFitReport {
  std::string output;
  std::vector<double> lambda1, s1111, std, bingham;
  std::vector<std::int64_t> count;
  std::int64_t points = 0, frames = 0, skipped = 0;  // skipped: points with mu_0 <= 0
};

/// The per-bin sums of the fit (one point at a time; sums() is what ranks add up).
class ClosureBins {
 public:
  explicit ClosureBins(int bins) : bins_(bins), sums_(static_cast<std::size_t>(kSums * bins), 0.0) {}
  /// One point with c = mu_0 > 0.
  void add(double c, std::complex<double> mu2, std::complex<double> mu4);
  std::vector<double>& sums() { return sums_; }
  /// Table rows of the bins with >= min_count points (plus the isotropic anchor), into `r`.
  void table(std::int64_t min_count, ClosureFitReport& r) const;

 private:
  static constexpr int kSums = 6;  // count, sum lambda1, sum r s^2, sum s^4, sum S'1111, sum S'1111^2
  int bins_;
  std::vector<double> sums_;
};

/// Collective. Bad input -> core::InputError on every rank.
ClosureFitReport run_closure_fit(const ClosureFitOptions& options, MPI_Comm comm);

}  // namespace noneq::analysis
