#pragma once
// Deck → validated configuration of noneq-langevin (active Brownian / active Ornstein–Uhlenbeck /
// underdamped particles in a periodic box).
#include <array>
#include <cstdint>
#include <string>

#include "core/deck.hpp"

namespace noneq::langevin {

enum class Model { Abp, Aoup, Underdamped };
enum class Potential { None, Wca };
enum class Init { Random, Lattice, File };

const char* model_name(Model m);

struct Config {
  // [system]
  int dim = 2;
  std::array<double, 3> box{1, 1, 1};
  std::int64_t particles = 0;
  Init init = Init::Random;
  std::string init_file;
  // [dynamics]
  Model model = Model::Abp;
  double v0 = 0;
  double translational_diffusion = 1;  // D_t = mu kT (overdamped); kT / friction (underdamped)
  double rotational_diffusion = 1;     // D_r (abp; active underdamped)
  double persistence_time = 1;         // tau (aoup)
  double mobility = 1;                 // mu (overdamped)
  double mass = 1;                     // underdamped
  double friction = 1;                 // underdamped: friction coefficient gamma (force per velocity)
  // [interaction]
  Potential potential = Potential::Wca;
  double epsilon = 1, sigma = 1;
  double skin = 0.3;
  // [trap]
  double stiffness = 0;
  // [time]
  double dt = 1e-5;
  std::int64_t steps = 0;
  // [random]
  std::uint64_t seed = 1;
  // [output]
  std::string file = "langevin.h5";
  std::int64_t every = 1000;             // trajectory frames (0: none)
  std::int64_t observables_every = 100;  // observable records
  std::int64_t checkpoint_every = 0;     // 0: at the end and on SIGINT/SIGTERM only
  std::string checkpoint;                // default <file stem>.checkpoint.h5
  double progress_interval = 5.0;
  // [observables]
  double map_cell = 5.0;          // side of the coarse cells of the density/EPR maps (units of sigma)
  std::int64_t density_bins = 40; // bins of the local packing-fraction histogram on [0, 1]

  std::string deck_name;

  /// Derived quantities.
  double kT() const;               // overdamped: D_t/mu; underdamped: friction * D_t
  double interaction_range() const;  // 2^{1/6} sigma (wca) or 0
  bool active() const { return v0 != 0; }
  bool interacting() const { return potential != Potential::None; }
  double particle_volume() const;  // pi sigma^2/4 (2D), pi sigma^3/6 (3D)

  static core::Schema schema();
  static Config from_deck(const core::Deck& deck);
};

}  // namespace noneq::langevin
