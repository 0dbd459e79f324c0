#include "fokker_planck/config.hpp"

#include <fmt/core.h>

#include <cmath>
#include <filesystem>

#include "core/cli.hpp"
#include "core/error.hpp"

namespace noneq::fokker_planck {

using core::KeyType;

const char* boundary_name(Boundary b) {
  switch (b) {
    case Boundary::Periodic: return "periodic";
    case Boundary::Reflecting: return "reflecting";
    case Boundary::Absorbing: return "absorbing";
  }
  return "?";
}

core::Schema Config::schema() {
  core::Schema s;
  s.required("grid.dim", KeyType::Int, "number of dimensions: 1, 2 or 3")
      .required("grid.lower", KeyType::RealList, "lower corner, one value per axis")
      .required("grid.upper", KeyType::RealList, "upper corner, one value per axis")
      .required("grid.cells", KeyType::IntList, "cells per axis (one value: same on every axis)")
      .add("grid.boundary", KeyType::StringList, "reflecting",
           "per axis: periodic | reflecting | absorbing (one value: every axis)")
      .open_section("constants", KeyType::Expression,
                    "named constants usable in every expression (may use earlier constants)")
      .required("model.drift", KeyType::Expression,
                "Itô drift a(x,y,z,t): one expression per axis, separated by ';'")
      .required("model.diffusion", KeyType::Expression,
                "diagonal diffusion D_ii(x,y,z,t) > 0: one expression per axis, separated by ';'")
      .add("initial.density", KeyType::Expression, "1",
           "initial density (normalised by the solver); steady mode: initial guess")
      .optional("initial.file", KeyType::String,
                "start from the last frame of /fields/p of an earlier output (same grid)")
      .add("solve.mode", KeyType::String, "transient", "transient | steady")
      .optional("solve.t_end", KeyType::Real, "final time (transient)")
      .optional("solve.dt", KeyType::Real, "time step (transient)")
      .add("solve.scheme", KeyType::String, "bdf2",
           "beuler | bdf2 | cn | ts:<PETSc TS type> (e.g. ts:arkimex)")
      .add("solve.rtol", KeyType::Real, "1e-10", "relative tolerance of the linear solves")
      .add("solve.nested_iteration", KeyType::Bool, "true",
           "steady mode: start from the stationary density of a grid 4x coarser per axis "
           "(recursively; used when every axis has >= 128 cells divisible by 4)")
      .add("solve.positivity_tolerance", KeyType::Real, "1e-6",
           "stop (exit 3) if min p < -tolerance * max p")
      .add("output.file", KeyType::String, "fokker_planck.h5", "HDF5 output (an .xmf sidecar is written beside it)")
      .add("output.every", KeyType::Int, "10", "write fields and monitors every N steps (transient)")
      .add("output.fields", KeyType::Bool, "true", "write /fields/p and /fields/J (false: series only)")
      .add("output.checkpoint_every", KeyType::Int, "0",
           "write a checkpoint every N steps (0: at the end and on SIGINT/SIGTERM only)")
      .optional("petsc.options", KeyType::String,
                "PETSc options passed through, e.g. `-ksp_type bcgs -pc_type hypre`");
  core::add_checkpoint_keys(s);
  return s;
}

namespace {
template <class T>
std::array<T, 3> per_axis(const core::Deck& d, const std::string& key, const std::vector<T>& v,
                          int dim, T fill) {
  if (v.size() != 1 && static_cast<int>(v.size()) != dim)
    d.fail(key, fmt::format("expected {} value{} (one per axis) or one value for every axis, got {}",
                            dim, dim == 1 ? "" : "s", v.size()));
  std::array<T, 3> out{fill, fill, fill};
  for (int a = 0; a < dim; ++a) out[a] = v.size() == 1 ? v[0] : v[a];
  return out;
}
}  // namespace

Config Config::from_deck(const core::Deck& d) {
  Config c;
  c.deck_name = d.name();
  c.dim = static_cast<int>(d.get_int("grid.dim"));
  d.require(c.dim >= 1 && c.dim <= 3, "grid.dim", fmt::format("must be 1, 2 or 3, got {}", c.dim));

  const auto lo = d.get_reals("grid.lower"), hi = d.get_reals("grid.upper");
  d.require(static_cast<int>(lo.size()) == c.dim, "grid.lower",
            fmt::format("expected {} values (grid.dim), got {}", c.dim, lo.size()));
  d.require(static_cast<int>(hi.size()) == c.dim, "grid.upper",
            fmt::format("expected {} values (grid.dim), got {}", c.dim, hi.size()));
  for (int a = 0; a < c.dim; ++a) {
    c.lower[a] = lo[a], c.upper[a] = hi[a];
    d.require(hi[a] > lo[a], "grid.upper",
              fmt::format("upper must exceed lower on axis {} ({} <= {})", a + 1, hi[a], lo[a]));
  }
  c.cells = per_axis<std::int64_t>(d, "grid.cells", d.get_ints("grid.cells"), c.dim, 1);
  std::int64_t total = 1;
  for (int a = 0; a < c.dim; ++a) {
    d.require(c.cells[a] >= 2, "grid.cells",
              fmt::format("need at least 2 cells per axis, got {} on axis {}", c.cells[a], a + 1));
    d.require(c.cells[a] <= (std::int64_t{1} << 30), "grid.cells", "too many cells on one axis");
    total *= c.cells[a];
  }
  d.require(total <= (std::int64_t{1} << 40), "grid.cells", "more than 2^40 cells in total");
  std::vector<Boundary> bs;
  for (const auto& w : d.get_strings("grid.boundary")) {
    if (w == "periodic") bs.push_back(Boundary::Periodic);
    else if (w == "reflecting") bs.push_back(Boundary::Reflecting);
    else if (w == "absorbing") bs.push_back(Boundary::Absorbing);
    else d.fail("grid.boundary", fmt::format("unknown boundary `{}` (periodic | reflecting | absorbing)", w));
  }
  c.boundary = per_axis<Boundary>(d, "grid.boundary", bs, c.dim, Boundary::Reflecting);

  c.constants = core::load_constants(d);
  c.drift = d.get_expressions("model.drift");
  c.diffusion = d.get_expressions("model.diffusion");
  d.require(static_cast<int>(c.drift.size()) == c.dim, "model.drift",
            fmt::format("expected {} expression{} (one per axis, ';'-separated), got {}", c.dim,
                        c.dim == 1 ? "" : "s", c.drift.size()));
  d.require(static_cast<int>(c.diffusion.size()) == c.dim, "model.diffusion",
            fmt::format("expected {} expression{} (one per axis, ';'-separated), got {}", c.dim,
                        c.dim == 1 ? "" : "s", c.diffusion.size()));
  // A diffusion that reads none of x, y, z, t is checked here; state- and time-dependent ones where
  // they are sampled (before any output is created, see run.cpp).
  for (int a = 0; a < c.dim; ++a) {
    const core::Expression e(c.diffusion[a], c.constants,
                             fmt::format("{}: [model] diffusion (component {})", d.name(), a + 1));
    if (e.uses("x") || e.uses("y") || e.uses("z") || e.uses("t")) continue;
    const double v = e(0, 0, 0, 0);
    d.require(v > 0 && std::isfinite(v), "model.diffusion",
              fmt::format("component {} (`{}`) must be positive and finite, got {}", a + 1, c.diffusion[a], v));
  }

  c.initial_density = d.get_string("initial.density");
  if (d.given("initial.file")) {
    d.require(!d.given("initial.density"), "initial.file", "give either density or file, not both");
    c.initial_file = d.get_string("initial.file");
    d.require(std::filesystem::exists(c.initial_file), "initial.file",
              fmt::format("file `{}` does not exist", c.initial_file));
  }

  const std::string mode = d.get_string("solve.mode");
  if (mode == "steady") c.mode = Mode::Steady;
  else if (mode == "transient") c.mode = Mode::Transient;
  else d.fail("solve.mode", fmt::format("unknown mode `{}` (transient | steady)", mode));
  c.scheme = d.get_string("solve.scheme");
  d.require(c.scheme == "beuler" || c.scheme == "bdf2" || c.scheme == "cn" ||
                (c.scheme.rfind("ts:", 0) == 0 && c.scheme.size() > 3),
            "solve.scheme", fmt::format("unknown scheme `{}` (beuler | bdf2 | cn | ts:<PETSc TS type>)", c.scheme));
  c.rtol = d.get_real("solve.rtol");
  d.require(c.rtol > 0 && c.rtol < 1, "solve.rtol", fmt::format("must be in (0, 1), got {}", c.rtol));
  c.nested_iteration = d.get_bool("solve.nested_iteration");
  c.positivity_tolerance = d.get_real("solve.positivity_tolerance");
  d.require(c.positivity_tolerance >= 0, "solve.positivity_tolerance", "must be >= 0");
  if (c.mode == Mode::Transient) {
    d.require(d.given("solve.t_end"), "solve.t_end", "required in transient mode");
    d.require(d.given("solve.dt"), "solve.dt", "required in transient mode");
    c.t_end = d.get_real("solve.t_end");
    c.dt = d.get_real("solve.dt");
    d.require(c.t_end > 0, "solve.t_end", fmt::format("must be > 0, got {}", c.t_end));
    d.require(c.dt > 0, "solve.dt", fmt::format("must be > 0, got {}", c.dt));
    d.require(c.dt <= c.t_end, "solve.dt", fmt::format("dt = {} exceeds t_end = {}", c.dt, c.t_end));
    const double n = std::ceil(c.t_end / c.dt * (1 - 1e-12));
    d.require(n < 1e12, "solve.dt", "t_end/dt is too large");
    c.steps = static_cast<std::int64_t>(n);
    c.dt = c.t_end / static_cast<double>(c.steps);
  } else {
    for (int a = 0; a < c.dim; ++a)
      d.require(c.boundary[a] != Boundary::Absorbing, "grid.boundary",
                "steady mode has no stationary density with absorbing walls (everything is absorbed): "
                "use mode = transient");
  }

  c.file = d.get_string("output.file");
  c.every = d.get_int("output.every");
  d.require(c.every >= 1, "output.every", fmt::format("must be >= 1, got {}", c.every));
  c.write_fields = d.get_bool("output.fields");
  c.checkpoint_every = d.get_int("output.checkpoint_every");
  d.require(c.checkpoint_every >= 0, "output.checkpoint_every", "must be >= 0");
  core::read_checkpoint_keys(d, c.file, c.checkpoint, c.progress_interval);
  if (d.given("petsc.options")) c.petsc_options = d.get_string("petsc.options");
  return c;
}

}  // namespace noneq::fokker_planck
