#pragma once
// Spatially homogeneous DSMC in velocity space (Bird's no-time-counter scheme) for the Boltzmann
// equation of a gas under a homoenergetic flow, with an optional Gaussian (isokinetic) thermostat:
//   ∂t f − (L V)·∇_V f − ζ ∇_V·(V f) = J[f, f].
//
// Co-moving storage. Streaming dV/dt = −L V − ζ V is linear and the same for every molecule, so
// velocities are stored as W with V = K(t) W, K(t) = s(t) (I + tA)^{-1} (I + t_ref A), and streaming
// costs nothing: W only changes in collisions. With the thermostat, s(t) = sqrt(3 n T0 / tr(M S M^T))
// keeps the temperature exactly T0 at every instant (S = Σ W W^T, updated in each collision;
// collisions conserve energy, so s depends on t only). A collision of (W1, W2) at time t:
//   g = K (W1 − W2),  W1' = (W1 + W2)/2 + (|g|/2) K^{-1} n̂,  W2' = (W1 + W2)/2 − (|g|/2) K^{-1} n̂,
// with n̂ uniform on the sphere: momentum and energy are conserved to round-off. Records rebase
// W := V (t_ref := t, s := 1) so that W stays O(thermal speed).
//
// No-time-counter: in a step dt a sample of N molecules in volume V_s = N/n(t) draws
// ½N(N−1) B_max dt / V_s candidate pairs (fraction carried), spaced evenly in time over the step,
// and accepts each with probability B(g)/B_max (Maxwell molecules: all). B_max is exact for Maxwell
// molecules and capped soft kernels; for γ > 0 it is κ (2 max|V|)^γ from a bound on |W| (raised if
// a pair ever exceeds it; the count is reported).
//
// Samples: the N molecules form independent homogeneous samples (collision cells of the same
// density), spread over the ranks in blocks. Random numbers are Philox4x32-10 keyed by the seed
// with (sample, step, candidate) in the counter and initial velocities by global molecule id, so
// results do not depend on the number of ranks; sums over samples are added in sample order.
#include <mpi.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/huge_pages.hpp"
#include "kinetic/boltzmann/config.hpp"
#include "kinetic/boltzmann/flow.hpp"
#include "kinetic/boltzmann/kernel.hpp"
#include "kinetic/boltzmann/sampling.hpp"

namespace noneq::kinetic::boltzmann {

struct Sample {
  std::int64_t index = 0;     // global sample index
  std::int64_t first_id = 0;  // global id of its first molecule
  std::int64_t n = 0;
  std::span<double> w;        // [n][3] co-moving velocities (a view of the rank's buffer)
  Sym3 s{};                   // Σ W W^T
  double t_ref = 0;
  double scale = 1;           // s(t_ref) bookkeeping for samples without thermostat
  double remainder = 0;       // fractional NTC candidates carried to the next step
  double wmax = 0;            // bound on |W| (γ > 0 majorant)
  std::int64_t collisions = 0, candidates = 0;  // since the last record
};

class Dsmc {
 public:
  Dsmc(const Config& config, MPI_Comm comm);
  Dsmc(const Dsmc&) = delete;  // samples view velocities_
  Dsmc& operator=(const Dsmc&) = delete;

  /// Initial velocities (Maxwellian or BKW) from the global molecule ids; each sample is shifted to
  /// zero momentum and scaled to exactly T0.
  void initialize();
  /// Collective: `steps` steps, collisions in (step·dt, (step + steps)·dt]. Samples are
  /// independent, so each sample is advanced through all the steps before the next (its molecules
  /// stay in cache).
  void advance(std::int64_t steps);
  /// Collective: sums over all samples at the current time, added in sample order; rebases every
  /// sample (W := V) and starts a new record window. `hist` (optional, local counts) also filled.
  VelocitySums measure(Histograms* hist = nullptr);

  std::int64_t step_index() const { return step_; }
  double time() const { return static_cast<double>(step_) * config_.dt; }
  std::int64_t samples() const { return samples_total_; }
  /// True when the automatic sample count was raised to the rank count (results then depend on it).
  bool rank_dependent() const { return rank_dependent_; }
  const std::vector<Sample>& local_samples() const { return samples_; }
  std::vector<Sample>& local_samples() { return samples_; }
  const Kernel& kernel() const { return kernel_; }
  const Flow& flow() const { return flow_; }
  std::int64_t majorant_raises() const { return majorant_raises_; }
  /// Co-moving velocities of all local samples, contiguous in sample (and molecule id) order.
  const std::vector<double, core::HugePageAllocator<double>>& storage() const { return velocities_; }
  /// Velocities of sample k at the current time (tests).
  std::vector<double> velocities(const Sample& s) const;
  /// Restart support: state set from a checkpoint.
  void set_step(std::int64_t step) { step_ = step; }


 private:
  Matrix3 transform(const Sample& s, double t, double* scale) const;  // K(t) without s, and s(t)
  void measure_local(double t, Histograms* hist, std::vector<VelocitySums>& local);
  struct Batch;
  void collide(Sample& s, std::int64_t step);
  Config config_;
  MPI_Comm comm_;
  Kernel kernel_;
  Flow flow_;
  std::int64_t samples_total_ = 0;
  bool rank_dependent_ = false;
  std::vector<Sample> samples_;
  // Velocities of all local samples, contiguous in sample order (one huge-page allocation: per-sample
  // allocations would each round up to a 2 MiB page).
  std::vector<double, core::HugePageAllocator<double>> velocities_;
  std::int64_t step_ = 0;
  std::int64_t majorant_raises_ = 0;
};

}  // namespace noneq::kinetic::boltzmann
