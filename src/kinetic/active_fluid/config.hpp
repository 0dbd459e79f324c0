#pragma once
// Deck -> validated configuration of noneq-active-fluid (2D active suspension: kinetic theory for
// Psi(x, theta, t) or its moment model, periodic box or homogeneous shear).
#include <array>
#include <cstdint>
#include <string>

#include "core/deck.hpp"
#include "kinetic/active_fluid/closure.hpp"
#include "kinetic/active_fluid/model.hpp"

namespace noneq::kinetic::active_fluid {

enum class Level { Kinetic, Moments };
enum class Geometry { Periodic, Homogeneous };
enum class Perturbation { None, Random, Wave };

const char* level_name(Level l);

struct Config {
  Level level = Level::Kinetic;
  Geometry geometry = Geometry::Periodic;
  ClosureKind closure = ClosureKind::Bingham;
  std::string closure_table;   // closure = table
  Parameters physics;
  double concentration = 1;    // mean c
  double shear_rate = 0;       // homogeneous: imposed u_x = shear_rate y
  std::int64_t n = 64;         // grid points per side
  double length = 10;          // box side L
  std::int64_t ntheta = 32;    // kinetic: angular resolution (modes |m| < ntheta/2)
  double dt = 1e-3, end = 1, cfl = 0.5;
  // [initial]
  double order = 0, angle = 0;  // base state: Bingham (von Mises in 2 theta) of order s along angle
  Perturbation perturbation = Perturbation::Random;
  double amplitude = 0.01;
  std::array<std::int64_t, 2> wavevector{1, 0};
  std::int64_t kmax = 4;
  std::uint64_t seed = 1;
  // [stokes]
  double stokes_tolerance = 1e-10;
  std::int64_t stokes_iterations = 100;
  // [fft]
  std::string planner = "measure";
  // [output]
  std::string file = "active_fluid.h5";
  double interval = 0.1, field_interval = 1, checkpoint_interval = 0, progress_interval = 5;
  double psi_interval = 0;  // kinetic: time between frames of Psi's modes (for noneq-epr; 0: none)
  std::string checkpoint;

  std::string deck_name;

  /// Highest angular mode kept: ntheta/2 - 1 (kinetic) or 2 (moments).
  int max_mode() const { return level == Level::Kinetic ? static_cast<int>(ntheta / 2 - 1) : 2; }
  std::int64_t steps() const;
  std::int64_t steps_per_record() const;
  std::int64_t records_per_field() const;  // 0: no fields
  std::int64_t records_per_psi() const;    // 0: no Psi frames
  double dx() const { return length / static_cast<double>(n); }

  static core::Schema schema();
  static Config from_deck(const core::Deck& deck);
};

/// Is n a product of 2, 3, 5 and 7 only (sizes FFTW transforms fast)?
bool fft_friendly(std::int64_t n);

}  // namespace noneq::kinetic::active_fluid
