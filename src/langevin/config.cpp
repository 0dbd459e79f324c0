#include "langevin/config.hpp"

#include <fmt/core.h>

#include <cmath>
#include <numbers>

#include "core/cli.hpp"
#include "core/error.hpp"

namespace noneq::langevin {

using core::KeyType;

const char* model_name(Model m) {
  switch (m) {
    case Model::Abp: return "abp";
    case Model::Aoup: return "aoup";
    case Model::Underdamped: return "underdamped";
  }
  return "?";
}

double Config::kT() const {
  return model == Model::Underdamped ? friction * translational_diffusion : translational_diffusion / mobility;
}

double Config::interaction_range() const {
  return potential == Potential::Wca ? std::pow(2.0, 1.0 / 6.0) * sigma : 0.0;
}

double Config::particle_volume() const {
  return dim == 2 ? std::numbers::pi * sigma * sigma / 4 : std::numbers::pi * sigma * sigma * sigma / 6;
}

core::Schema Config::schema() {
  core::Schema s;
  s.add("system.dim", KeyType::Int, "2", "2 or 3")
      .optional("system.box", KeyType::RealList, "periodic box side(s), one per axis or one for all")
      .optional("system.packing_fraction", KeyType::Real,
                "instead of box: cubic/square box holding `particles` at this packing fraction "
                "(pi sigma^2/4 or pi sigma^3/6 per particle)")
      .required("system.particles", KeyType::Int, "number of particles N")
      .add("system.init", KeyType::String, "random",
           "random (uniform, overlaps relaxed away) | lattice (simple square/cubic) | file")
      .optional("system.init_file", KeyType::String,
                "init = file: a noneq-langevin checkpoint or output (last trajectory frame)")
      .required("dynamics.model", KeyType::String, "abp | aoup | underdamped")
      .add("dynamics.v0", KeyType::Real, "0", "self-propulsion speed v0 >= 0")
      .add("dynamics.translational_diffusion", KeyType::Real, "1",
           "D_t > 0; kT = D_t/mobility (overdamped), kT = friction*D_t (underdamped)")
      .add("dynamics.rotational_diffusion", KeyType::Real, "1", "D_r >= 0 (abp; active underdamped)")
      .add("dynamics.persistence_time", KeyType::Real, "1", "tau > 0 of the OU propulsion (aoup)")
      .add("dynamics.mobility", KeyType::Real, "1", "mu > 0 (abp, aoup)")
      .add("dynamics.mass", KeyType::Real, "1", "m > 0 (underdamped)")
      .add("dynamics.friction", KeyType::Real, "1",
           "friction coefficient gamma > 0, force per velocity (underdamped; active force gamma v0 e)")
      .add("interaction.potential", KeyType::String, "wca", "wca | none")
      .add("interaction.epsilon", KeyType::Real, "1", "WCA energy scale")
      .add("interaction.sigma", KeyType::Real, "1", "WCA diameter (cut at 2^(1/6) sigma)")
      .add("interaction.skin", KeyType::Real, "0.3", "Verlet-list skin (lists rebuilt after skin/2 moves)")
      .add("trap.stiffness", KeyType::Real, "0", "harmonic trap k about the box centre (0: none)")
      .add("time.dt", KeyType::Real, "1e-5", "time step")
      .required("time.steps", KeyType::Int, "number of steps")
      .add("random.seed", KeyType::Int, "1", "Philox key: a particle receives the same noise on any rank count (free particles: same trajectory)")
      .add("output.file", KeyType::String, "langevin.h5", "H5MD output")
      .add("output.every", KeyType::Int, "1000", "trajectory frame every N steps (0: no trajectory)")
      .add("output.observables_every", KeyType::Int, "100",
           "observables recorded every N steps, averaged over the steps since the last record")
      .add("output.checkpoint_every", KeyType::Int, "0",
           "checkpoint every N steps, a multiple of observables_every (0: at the end and on signals)")
      .add("observables.map_cell", KeyType::Real, "5",
           "side of the coarse cells of the local-density and EPR maps")
      .add("observables.density_bins", KeyType::Int, "40",
           "packing-fraction bins on [0, 1] of epr_by_density (the local-density histogram is over counts)");
  core::add_checkpoint_keys(s);
  return s;
}

Config Config::from_deck(const core::Deck& d) {
  Config c;
  c.deck_name = d.name();
  c.dim = static_cast<int>(d.get_int("system.dim"));
  d.require(c.dim == 2 || c.dim == 3, "system.dim", fmt::format("must be 2 or 3, got {}", c.dim));
  c.particles = d.get_int("system.particles");
  d.require(c.particles >= 1, "system.particles", fmt::format("must be >= 1, got {}", c.particles));
  d.require(c.particles < (std::int64_t{1} << 47), "system.particles", "must be < 2^47");

  // [interaction] first: the packing fraction needs sigma.
  const std::string pot = d.get_string("interaction.potential");
  if (pot == "wca") c.potential = Potential::Wca;
  else if (pot == "none") c.potential = Potential::None;
  else d.fail("interaction.potential", fmt::format("unknown potential `{}` (wca | none)", pot));
  c.epsilon = d.get_real("interaction.epsilon");
  c.sigma = d.get_real("interaction.sigma");
  c.skin = d.get_real("interaction.skin");
  d.require(c.epsilon > 0 && std::isfinite(c.epsilon), "interaction.epsilon", fmt::format("must be > 0, got {}", c.epsilon));
  d.require(c.sigma > 0 && std::isfinite(c.sigma), "interaction.sigma", fmt::format("must be > 0, got {}", c.sigma));
  d.require(c.skin > 0 && std::isfinite(c.skin), "interaction.skin", fmt::format("must be > 0, got {}", c.skin));

  const bool has_box = d.given("system.box"), has_phi = d.given("system.packing_fraction");
  if (has_box && has_phi)
    d.fail("system.packing_fraction",
           "give either system.box or system.packing_fraction, not both (they fix the same box)");
  if (!has_box && !has_phi) d.fail("system.box", "give system.box or system.packing_fraction");
  if (has_box) {
    const auto b = d.get_reals("system.box");
    d.require(b.size() == 1 || static_cast<int>(b.size()) == c.dim, "system.box",
              fmt::format("expected {} values (one per axis) or one value, got {}", c.dim, b.size()));
    for (int a = 0; a < c.dim; ++a) {
      c.box[a] = b.size() == 1 ? b[0] : b[a];
      d.require(c.box[a] > 0 && std::isfinite(c.box[a]), "system.box",
                fmt::format("side {} must be > 0, got {}", a + 1, c.box[a]));
    }
  } else {
    const double phi = d.get_real("system.packing_fraction");
    const double phi_max = c.dim == 2 ? 0.9069 : 0.7405;  // close packing
    d.require(phi > 0 && phi < phi_max, "system.packing_fraction",
              fmt::format("must be in (0, {}) (close packing in {}D), got {}", phi_max, c.dim, phi));
    const double side = std::pow(static_cast<double>(c.particles) * c.particle_volume() / phi, 1.0 / c.dim);
    for (int a = 0; a < c.dim; ++a) c.box[a] = side;
  }
  if (c.dim == 2) c.box[2] = 1;

  const std::string init = d.get_string("system.init");
  if (init == "random") c.init = Init::Random;
  else if (init == "lattice") c.init = Init::Lattice;
  else if (init == "file") c.init = Init::File;
  else d.fail("system.init", fmt::format("unknown init `{}` (random | lattice | file)", init));
  if (c.init == Init::File) {
    d.require(d.given("system.init_file"), "system.init_file", "required with init = file");
    c.init_file = d.get_string("system.init_file");
  } else if (d.given("system.init_file")) {
    d.fail("system.init_file", fmt::format("only used with init = file (init is `{}`)", init));
  }
  if (c.interacting()) {
    double occupied = static_cast<double>(c.particles) * c.particle_volume(), vol = 1;
    for (int a = 0; a < c.dim; ++a) vol *= c.box[a];
    const double phi_max = c.dim == 2 ? 0.9069 : 0.7405;
    d.require(occupied / vol < phi_max, has_box ? "system.box" : "system.packing_fraction",
              fmt::format("{} particles of diameter {} do not fit: packing fraction {:.4g} >= {}",
                          c.particles, c.sigma, occupied / vol, phi_max));
  }

  const std::string model = d.get_string("dynamics.model");
  if (model == "abp") c.model = Model::Abp;
  else if (model == "aoup") c.model = Model::Aoup;
  else if (model == "underdamped") c.model = Model::Underdamped;
  else d.fail("dynamics.model", fmt::format("unknown model `{}` (abp | aoup | underdamped)", model));
  c.v0 = d.get_real("dynamics.v0");
  c.translational_diffusion = d.get_real("dynamics.translational_diffusion");
  c.rotational_diffusion = d.get_real("dynamics.rotational_diffusion");
  c.persistence_time = d.get_real("dynamics.persistence_time");
  c.mobility = d.get_real("dynamics.mobility");
  c.mass = d.get_real("dynamics.mass");
  c.friction = d.get_real("dynamics.friction");
  auto positive = [&](const char* key, double v) {
    d.require(v > 0 && std::isfinite(v), key, fmt::format("must be > 0, got {}", v));
  };
  d.require(c.v0 >= 0 && std::isfinite(c.v0), "dynamics.v0", fmt::format("must be >= 0, got {}", c.v0));
  positive("dynamics.translational_diffusion", c.translational_diffusion);
  d.require(c.rotational_diffusion >= 0 && std::isfinite(c.rotational_diffusion), "dynamics.rotational_diffusion",
            fmt::format("must be >= 0, got {}", c.rotational_diffusion));
  positive("dynamics.persistence_time", c.persistence_time);
  positive("dynamics.mobility", c.mobility);
  positive("dynamics.mass", c.mass);
  positive("dynamics.friction", c.friction);

  c.stiffness = d.get_real("trap.stiffness");
  d.require(c.stiffness >= 0 && std::isfinite(c.stiffness), "trap.stiffness",
            fmt::format("must be >= 0, got {}", c.stiffness));

  c.dt = d.get_real("time.dt");
  positive("time.dt", c.dt);
  c.steps = d.get_int("time.steps");
  d.require(c.steps >= 0, "time.steps", fmt::format("must be >= 0, got {}", c.steps));
  const std::int64_t seed = d.get_int("random.seed");
  d.require(seed >= 0, "random.seed", fmt::format("must be >= 0, got {}", seed));
  c.seed = static_cast<std::uint64_t>(seed);

  c.file = d.get_string("output.file");
  d.require(!c.file.empty(), "output.file", "must not be empty");
  c.every = d.get_int("output.every");
  d.require(c.every >= 0, "output.every", fmt::format("must be >= 0, got {}", c.every));
  c.observables_every = d.get_int("output.observables_every");
  d.require(c.observables_every >= 1, "output.observables_every",
            fmt::format("must be >= 1, got {}", c.observables_every));
  c.checkpoint_every = d.get_int("output.checkpoint_every");
  d.require(c.checkpoint_every >= 0, "output.checkpoint_every",
            fmt::format("must be >= 0, got {}", c.checkpoint_every));
  d.require(c.checkpoint_every % c.observables_every == 0, "output.checkpoint_every",
            fmt::format("must be a multiple of output.observables_every ({}), got {} (a checkpoint closes "
                        "an observables window)", c.observables_every, c.checkpoint_every));
  core::read_checkpoint_keys(d, c.file, c.checkpoint, c.progress_interval);

  c.map_cell = d.get_real("observables.map_cell");
  positive("observables.map_cell", c.map_cell);
  double map_cells = 1;
  for (int a = 0; a < c.dim; ++a) {
    d.require(c.map_cell <= c.box[a], "observables.map_cell",
              fmt::format("{} is larger than the box side {} on axis {}", c.map_cell, c.box[a], a + 1));
    map_cells *= std::floor(c.box[a] / c.map_cell);
  }
  d.require(map_cells <= double(1 << 24), "observables.map_cell",
            fmt::format("{} gives {:.3g} map cells (at most 2^24 = 16.8 M): use larger cells", c.map_cell, map_cells));
  c.density_bins = d.get_int("observables.density_bins");
  d.require(c.density_bins >= 2 && c.density_bins <= 100000, "observables.density_bins",
            fmt::format("must be in [2, 100000], got {}", c.density_bins));
  return c;
}

}  // namespace noneq::langevin
