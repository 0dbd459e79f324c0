#pragma once
// Deck -> validated configuration of noneq-boltzmann-shear: a dilute gas under a homoenergetic
// affine flow u(r, t) = L(t) r, L(t) = A (I + tA)^{-1} (uniform shear flow: A = a e_x e_y).
//
// Units: particle mass m = 1, initial density n0 = 1, temperature T0 = [gas] temperature, and the
// time unit fixed by [gas] nu = nu(n0, T0) = p/eta_NS (Navier–Stokes viscosity of the kernel; exact
// for Maxwell molecules, first Sonine approximation otherwise).
#include <array>
#include <cstdint>
#include <string>

#include "core/deck.hpp"

namespace noneq::kinetic::boltzmann {

enum class Solver { Dsmc, Moments, TestParticle };
enum class KernelKind { Maxwell, HardSpheres, PowerLaw, Bgk };
enum class Thermostat { None, Gaussian };
enum class InitialDistribution { Maxwellian, Bkw };

const char* solver_name(Solver s);
const char* kernel_name(KernelKind k);

using Matrix3 = std::array<double, 9>;  // row-major 3x3

struct Config {
  // [method]
  Solver solver = Solver::Dsmc;
  // [gas]
  KernelKind kernel = KernelKind::Maxwell;
  double gamma = 0;          // homogeneity of the kernel B ~ |g|^gamma
  double nu = 1;             // p/eta_NS at (n0, T0): the unit of inverse time
  double temperature = 1;    // T0
  double soft_cutoff = 0.2;  // gamma < 0: kernel capped below |g| = soft_cutoff sqrt(T/m)
  // [flow]
  Matrix3 deformation{};     // A (dimensional)
  bool simple_shear = false; // A = a e_x e_y
  double shear_rate = 0;     // a (simple shear)
  Thermostat thermostat = Thermostat::None;
  // [initial]
  InitialDistribution initial = InitialDistribution::Maxwellian;
  double bkw_k = 0.6;        // BKW parameter K(0) in [3/5, 1]
  // [dsmc]
  std::int64_t particles = 100000;
  std::int64_t samples = 0;  // independent homogeneous samples (0: automatic, see effective_samples)
  // [test_particle]
  double mass_ratio = 1;            // m_tagged / m_background
  double background_temperature = 1;
  // [time]
  double dt = 0.01;
  double end = 10;
  double tolerance = 1e-9;   // moments: relative tolerance of the adaptive ODE solver
  // [output]
  std::string file = "boltzmann.h5";
  double interval = 0.1;            // between records of the series
  double histogram_interval = 1.0;  // between velocity histograms (0: none)
  std::int64_t histogram_bins = 64; // marginal histograms over [-range, range] sqrt(T/m)
  double histogram_range = 6;
  std::int64_t distribution_bins = 24;  // scaled 3D distribution per axis (0: none)
  double average_from = -1;         // steady-state averages over t >= average_from (<0: end/2)
  std::int64_t batches = 20;
  double checkpoint_interval = 0;   // 0: at the end and on SIGINT/SIGTERM only
  std::string checkpoint;
  double progress_interval = 5;
  // [random]
  std::uint64_t seed = 1;

  std::string deck_name;

  // Derived.
  std::int64_t steps() const;          // dsmc / test-particle: end / dt
  std::int64_t steps_per_record() const;
  std::int64_t records_per_histogram() const;  // 0: no histograms
  double a_reduced() const;            // shear_rate / nu (simple shear), else NaN

  static core::Schema schema();
  static Config from_deck(const core::Deck& deck);
};

}  // namespace noneq::kinetic::boltzmann
