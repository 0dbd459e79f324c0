#pragma once
// Time stepping of the three models (the model is data in Config; the stepper is here):
//   abp          dr = (v0 e + mu F) dt + sqrt(2 D_t) dW,  e diffusing on the circle/sphere with D_r
//                (Euler–Maruyama; 2D: the angle gets Gaussian increments, exact; 3D: tangent-plane
//                kick then normalisation, which gives the Itô drift -2 D_r e dt to first order).
//   aoup         dr = (v0 g + mu F) dt + sqrt(2 D_t) dW,  g an OU vector with persistence time tau,
//                <g_a^2> = 1, advanced exactly: g' = g e^{-dt/tau} + sqrt(1 - e^{-2dt/tau}) xi.
//   underdamped  m dv = (F + gamma v0 e - gamma v) dt + sqrt(2 gamma kT) dW, dr = v dt: BAOAB
//                (Leimkuhler–Matthews 2013): B half kick, A half drift, O exact OU step of v, A, B.
//                Chosen because its configurational sampling error is O(dt^2) and its O step is
//                exact, so the heat exchanged with the bath is the O step's kinetic-energy change.
// Entropy production (medium, units of k_B), accumulated every step:
//   overdamped:  dS = (1/D_t) (u_n + u_{n+1})/2 . dr   (Stratonovich active power; u = v0 e or v0 g)
//   underdamped: dS = -dQ/kT, dQ the kinetic-energy change of the O step (heat from the bath).
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "langevin/config.hpp"
#include "langevin/noise.hpp"
#include "langevin/particles.hpp"

namespace noneq::langevin {

/// Coarse periodic grid for the density and entropy-production maps.
struct MapGrid {
  int dim = 2;
  std::array<int, 3> m{1, 1, 1};
  std::array<double, 3> h{1, 1, 1}, inv_h{1, 1, 1};
  MapGrid() = default;
  MapGrid(int dim, const std::array<double, 3>& box, double cell);
  std::size_t cells() const { return static_cast<std::size_t>(m[0]) * m[1] * m[2]; }
  double cell_volume() const { return dim == 2 ? h[0] * h[1] : h[0] * h[1] * h[2]; }
  /// Largest particle count of a cell the local-density histogram resolves (1.3 x close packing;
  /// higher counts go to the last bin).
  std::size_t max_count(double particle_volume) const {
    return static_cast<std::size_t>(std::ceil(1.3 * cell_volume() / particle_volume));
  }
  static std::size_t wrap(double v, double inv_h, int m) {
    // Fast path (inside the box): truncation is floor for v >= 0 (std::floor is a library call
    // on baseline x86-64). Particles outside the box take the general path.
    if (v >= 0) {
      const int i = static_cast<int>(v * inv_h);
      if (i < m) return static_cast<std::size_t>(i);
    }
    int i = static_cast<int>(std::floor(v * inv_h)) % m;
    return static_cast<std::size_t>(i < 0 ? i + m : i);
  }
  std::size_t index(double x, double y, double z) const {
    std::size_t c = wrap(x, inv_h[0], m[0]) + static_cast<std::size_t>(m[0]) * wrap(y, inv_h[1], m[1]);
    if (dim == 3) c += static_cast<std::size_t>(m[0]) * m[1] * wrap(z, inv_h[2], m[2]);
    return c;
  }
};

/// Local (this rank) sums over owned particles and steps since the last observables record.
struct StepSums {
  std::int64_t steps = 0;
  double epr = 0;           // entropy produced in the medium (k_B), summed over particles and steps
  double active_power = 0;  // sum of u.(u + mu F) (overdamped)
  double e_dot_f = 0;       // sum of e.F (abp, active underdamped)
  double kinetic = 0;       // sum of m v^2 (underdamped)
  double virial = 0;        // sum over steps of the pair virial sum r.F
  double potential = 0;     // sum over steps of the potential energy
  std::vector<double> epr_map, count_map;  // per map cell: entropy (k_B) and particle-steps
  void clear();
};

class Integrator {
 public:
  Integrator(const Config& config, const MapGrid& map);
  /// Advances positions (and orientations/propulsion) from step `step` to step + 1 using the
  /// forces in p.f; underdamped: B A O A (the closing B is second()).
  void first(Particles& p, std::uint64_t step, StepSums& sums);
  /// Underdamped: the closing half kick with the new forces; others: nothing. Counts the step.
  void second(Particles& p, StepSums& sums);
  /// Reference positions of the neighbour list (interacting systems): first() then also returns,
  /// through max_move2(), the largest squared displacement of an owned particle since the build.
  void set_reference(const std::array<std::vector<double>, 3>* ref) { ref_ = ref; }
  double max_move2() const { return max_move2_; }
  /// Map cell of every owned particle at a neighbour-list build (used until the next build: the
  /// entropy map then attributes a step to a cell with positions known to within skin/2).
  void cache_cells(const Particles& p);
  /// Particles were reordered or replaced (list build, restart): per-particle caches are stale.
  void particles_reordered();

 private:
  void abp(Particles& p, std::uint64_t step, StepSums& sums);
  void aoup(Particles& p, std::uint64_t step, StepSums& sums);
  void underdamped(Particles& p, std::uint64_t step, StepSums& sums);
  template <int D>
  void underdamped_steps(Particles& p, std::uint64_t step, StepSums& sums);
  template <int D, bool OU>
  void overdamped_steps(Particles& p, std::uint64_t step, StepSums& sums);
  void rotate(Particles& p, std::uint64_t step);  // orientation update (abp, active underdamped)
  void bin_entropy(const Particles& p, StepSums& sums, bool start_positions);

  const Config& c_;
  MapGrid map_;
  Noise noise_;
  std::vector<double> normals_, rot_normals_, dx_, inc_;
  const std::array<std::vector<double>, 3>* ref_ = nullptr;
  double max_move2_ = 0;
  std::vector<std::uint32_t> cells_;
  std::vector<double> pair_;  // passive 2D underdamped: the second normal pair of the last draw
  bool pair_valid_ = false;
  std::uint64_t pair_step_ = 0;
  bool cells_cached_ = false;
};

}  // namespace noneq::langevin
