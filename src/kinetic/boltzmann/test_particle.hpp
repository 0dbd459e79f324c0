#pragma once
// Test-particle (linear Rayleigh–Boltzmann) problem: tagged molecules of mass m in a homoenergetic
// flow collide with a Maxwellian background of unit-mass molecules at fixed temperature T_b that
// moves with the flow (peculiar velocities W ~ N(0, T_b I), density n(t)):
//   ∂t f − (L V)·∇_V f = n(t) ∫ dW φ_b(W) ∫ dΩ/(4π) B(|V − W|) [f(V') φ_b(W') − f(V) φ_b(W)].
// Each tagged molecule is independent: it streams exactly, V(t) = (I + tA)^{-1}(I + sA) V(s), and
// collides at the events of a Poisson process of rate n B(|V − W|), sampled by thinning a majorant
// (exact for Maxwell molecules; γ > 0: bound from |V| over a short horizon and |W| <= 8 sqrt(T_b):
// a partner beyond it, probability ~1e-15 per event, would be accepted with probability 1 instead
// of B/B_max > 1 and is counted in the log; γ < 0: the kernel is capped below g_c = soft_cutoff
// sqrt(T_b)).
// Elastic isotropic collision: G = (m V + W)/(m + 1), V' = G + |V − W| n̂ /(m + 1).
//
// No stationary state exists above a critical shear rate, where the heating by the shear outgrows
// the cooling by the background (for Maxwell molecules: where the closed second-moment equations,
// exact::test_particle_*, acquire a growing mode).
//
// Random numbers: Philox keyed by the seed with (molecule id, event, record window) in the counter,
// so results do not depend on the rank count.
#include <mpi.h>

#include <cstdint>
#include <vector>

#include "kinetic/boltzmann/config.hpp"
#include "kinetic/boltzmann/dsmc.hpp"
#include "kinetic/boltzmann/flow.hpp"
#include "kinetic/boltzmann/kernel.hpp"

namespace noneq::kinetic::boltzmann {

class TestParticles {
 public:
  TestParticles(const Config& config, MPI_Comm comm);
  /// Maxwellian at the tagged temperature gas.temperature (zero mean, exact temperature).
  void initialize();
  /// Advances every molecule from window k's start to its end (k = record index from 0).
  void advance_window();
  /// Collective: sums over all molecules at the current time (m-weighted as in State).
  VelocitySums measure(Histograms* hist = nullptr);

  std::int64_t window() const { return window_; }
  void set_window(std::int64_t k) { window_ = k; }
  double time() const { return static_cast<double>(window_) * config_.interval; }
  std::int64_t first_id() const { return first_; }
  std::int64_t count() const { return count_; }
  std::int64_t samples() const { return samples_total_; }
  bool rank_dependent() const { return rank_dependent_; }
  std::vector<double>& velocities() { return v_; }
  const std::vector<double>& velocities() const { return v_; }
  std::int64_t collisions() const { return collisions_; }
  std::int64_t majorant_raises() const { return raises_; }

 private:
  Config config_;
  MPI_Comm comm_;
  Kernel kernel_;
  Flow flow_;
  std::int64_t samples_total_ = 0, block0_ = 0;
  bool rank_dependent_ = false;  // reduction blocks ([dsmc] samples), first local block
  std::vector<std::int64_t> bounds_;              // local block k holds molecules [bounds_[k], bounds_[k+1])
  std::int64_t first_ = 0, count_ = 0;
  std::vector<double> v_;  // [count][3], actual peculiar velocities at time()
  std::int64_t window_ = 0;
  std::int64_t collisions_ = 0, raises_ = 0;  // since the last measure / in total
};

}  // namespace noneq::kinetic::boltzmann
