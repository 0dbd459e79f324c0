#pragma once
// Deck section → validated configuration of the Fokker–Planck solver.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/deck.hpp"
#include "core/expression.hpp"

namespace noneq::fokker_planck {

enum class Boundary { Periodic, Reflecting, Absorbing };
enum class Mode { Steady, Transient };

const char* boundary_name(Boundary b);

struct Config {
  // [grid]
  int dim = 1;
  std::array<double, 3> lower{0, 0, 0}, upper{1, 1, 1};
  std::array<std::int64_t, 3> cells{1, 1, 1};
  std::array<Boundary, 3> boundary{Boundary::Reflecting, Boundary::Reflecting, Boundary::Reflecting};
  // [model]  Itô drift a(x,t) and diagonal diffusion D_ii(x,t), one expression per axis
  std::vector<std::string> drift, diffusion;
  core::Constants constants;
  // [initial]
  std::string initial_density = "1";
  std::string initial_file;  // HDF5 output of an earlier run: last frame of /fields/p
  // [solve]
  Mode mode = Mode::Transient;
  double t_end = 0, dt = 0;
  std::int64_t steps = 0;  // derived: ceil(t_end/dt); dt is shrunk so that steps*dt = t_end
  std::string scheme = "bdf2";  // beuler | bdf2 | cn | ts:<PETSc TS type>
  double rtol = 1e-10;
  bool nested_iteration = true;  // steady: initial guess from a 4x coarser grid
  double positivity_tolerance = 1e-6;  // BDF2/CN undershoot in far tails at the truncation-error level
  // [output]
  std::string file = "fokker_planck.h5";
  std::int64_t every = 10;
  bool write_fields = true;
  std::string checkpoint;  // default: <file stem>.checkpoint.h5
  std::int64_t checkpoint_every = 0;  // steps; 0: only at the end and on interrupt
  double progress_interval = 5.0;     // seconds of wall clock between progress lines
  // [petsc]
  std::string petsc_options;

  std::string deck_name;  // for messages

  static core::Schema schema();
  /// Reads and validates every key; throws InputError naming the deck and the key.
  static Config from_deck(const core::Deck& deck);
};

}  // namespace noneq::fokker_planck
