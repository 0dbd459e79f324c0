#include "kinetic/active_fluid/config.hpp"

#include <fmt/core.h>

#include <cmath>

#include "core/cli.hpp"
#include "core/error.hpp"

namespace noneq::kinetic::active_fluid {

using core::KeyType;

const char* level_name(Level l) { return l == Level::Kinetic ? "kinetic" : "moments"; }

bool fft_friendly(std::int64_t n) {
  if (n < 1) return false;
  for (std::int64_t p : {2, 3, 5, 7})
    while (n % p == 0) n /= p;
  return n == 1;
}

using core::whole_multiple;

std::int64_t Config::steps() const { return whole_multiple(end, dt); }
std::int64_t Config::steps_per_record() const { return whole_multiple(interval, dt); }
std::int64_t Config::records_per_field() const { return field_interval > 0 ? whole_multiple(field_interval, interval) : 0; }
std::int64_t Config::records_per_psi() const { return psi_interval > 0 ? whole_multiple(psi_interval, interval) : 0; }

core::Schema Config::schema() {
  core::Schema s;
  s.add("model.level", KeyType::String, "kinetic",
        "kinetic (Psi(x, theta) in angular Fourier modes) | moments (c, n, D with a closure for S)")
      .add("model.closure", KeyType::String, "bingham",
           "moments: bingham (exact 2D Bingham, Chebyshev inversion) | quadratic (S = DD/c) | table")
      .optional("model.closure_table", KeyType::String,
                "closure = table: HDF5 file with 1D datasets lambda1 and S1111 (principal-frame S'1111(lambda_1))")
      .add("model.geometry", KeyType::String, "periodic",
           "periodic (2D box, Stokes flow from the active stress) | homogeneous (no space dependence, imposed "
           "simple shear u_x = shear_rate y)")
      .add("physics.alpha", KeyType::Real, "-1", "active dipole stress (pushers < 0, pullers > 0)")
      .add("physics.beta", KeyType::Real, "0", "constraint-stress coefficient (>= 0; 0 for dilute swimmers)")
      .add("physics.zeta", KeyType::Real, "0", "steric alignment strength (>= 0)")
      .optional("physics.d_t", KeyType::Real, "translational diffusivity d_T > 0 (periodic geometry)")
      .required("physics.d_r", KeyType::Real, "rotational diffusivity d_R > 0")
      .add("physics.v0", KeyType::Real, "0", "swimming speed V0 >= 0 (0: apolar/immotile)")
      .add("physics.concentration", KeyType::Real, "1", "mean concentration c0 > 0")
      .add("flow.shear_rate", KeyType::Real, "0",
           "homogeneous: imposed simple shear u_x = shear_rate y (Pe = shear_rate/d_R)")
      .add("grid.n", KeyType::Int, "64", "periodic: grid points per side (2,3,5,7-smooth; divisible by the rank count)")
      .add("grid.length", KeyType::Real, "10", "periodic: box side L")
      .add("grid.ntheta", KeyType::Int, "32",
           "kinetic: angular resolution (even, >= 12): modes |m| < ntheta/2 are kept")
      .required("time.dt", KeyType::Real, "time step (SBDF2: diffusion implicit, the rest explicit)")
      .required("time.end", KeyType::Real, "final time (a multiple of dt)")
      .add("time.cfl", KeyType::Real, "0.5",
           "largest allowed dt (|u|+V0)(1/dx+1/dy) + dt m_max |thetadot|: checked at the start and every step")
      .add("initial.order", KeyType::Real, "0",
           "base state: Bingham distribution of nematic order s = 2 lambda_1 - 1 in [0, 0.999] (0: isotropic)")
      .add("initial.angle", KeyType::Real, "0", "base state: director angle (radians)")
      .add("initial.perturbation", KeyType::String, "random",
           "periodic: none | random (mu_1, mu_2 at wavenumbers |k| <= kmax, Philox) | wave (the shear eigenmode "
           "of D at wavevector, for linear stability)")
      .add("initial.amplitude", KeyType::Real, "0.01", "perturbation size relative to c0 (rms for random, peak for wave)")
      .add("initial.wavevector", KeyType::IntList, "1 0", "wave: integer wavevector (units of 2 pi/L)")
      .add("initial.kmax", KeyType::Int, "4", "random: largest integer wavenumber perturbed")
      .add("random.seed", KeyType::Int, "1", "Philox key of the random perturbation (rank-independent)")
      .add("stokes.tolerance", KeyType::Real, "1e-10",
           "beta > 0: relative tolerance of the fixed-point iteration for u (the S:E stress depends on u)")
      .add("stokes.max_iterations", KeyType::Int, "100", "beta > 0: iterations before the run stops (exit 3)")
      .add("fft.planner", KeyType::String, "measure", "FFTW planner: estimate | measure | patient")
      .add("output.file", KeyType::String, "active_fluid.h5", "HDF5 output")
      .add("output.interval", KeyType::Real, "0.1", "time between records of the series (a multiple of dt)")
      .add("output.field_interval", KeyType::Real, "1",
           "periodic: time between field frames (a multiple of interval; 0: none)")
      .add("output.psi_interval", KeyType::Real, "0",
           "kinetic: time between frames of Psi (its angular modes at every point, and u) in /psi, read by "
           "noneq-epr and noneq-closure-fit (a multiple of interval; 0: none)")
      ;
  core::add_checkpoint_interval_key(s);
  core::add_checkpoint_keys(s);
  return s;
}

Config Config::from_deck(const core::Deck& d) {
  Config c;
  c.deck_name = d.name();
  auto finite = [&](const char* key) {
    const double v = d.get_real(key);
    d.require(std::isfinite(v), key, fmt::format("must be finite, got {}", v));
    return v;
  };
  auto positive = [&](const char* key) {
    const double v = finite(key);
    d.require(v > 0, key, fmt::format("must be > 0, got {}", v));
    return v;
  };
  auto nonnegative = [&](const char* key) {
    const double v = finite(key);
    d.require(v >= 0, key, fmt::format("must be >= 0, got {}", v));
    return v;
  };

  const std::string level = d.get_string("model.level");
  if (level == "kinetic") c.level = Level::Kinetic;
  else if (level == "moments") c.level = Level::Moments;
  else d.fail("model.level", fmt::format("unknown level `{}` (kinetic | moments)", level));
  const std::string closure = d.get_string("model.closure");
  if (closure == "bingham") c.closure = ClosureKind::Bingham;
  else if (closure == "quadratic") c.closure = ClosureKind::Quadratic;
  else if (closure == "table") c.closure = ClosureKind::Table;
  else d.fail("model.closure", fmt::format("unknown closure `{}` (bingham | quadratic | table)", closure));
  if (c.level == Level::Kinetic && d.given("model.closure"))
    d.fail("model.closure", "level = kinetic evolves Psi itself and needs no closure (it reports the a-priori errors "
                            "of quadratic and bingham); set level = moments to use one");
  if (c.closure == ClosureKind::Table) {
    d.require(d.given("model.closure_table"), "model.closure_table", "required with closure = table");
    c.closure_table = d.get_string("model.closure_table");
  } else if (d.given("model.closure_table")) {
    d.fail("model.closure_table", "only used with closure = table");
  }
  const std::string geometry = d.get_string("model.geometry");
  if (geometry == "periodic") c.geometry = Geometry::Periodic;
  else if (geometry == "homogeneous") c.geometry = Geometry::Homogeneous;
  else d.fail("model.geometry", fmt::format("unknown geometry `{}` (periodic | homogeneous)", geometry));
  const bool periodic = c.geometry == Geometry::Periodic;

  c.physics.alpha = finite("physics.alpha");
  c.physics.beta = nonnegative("physics.beta");
  c.physics.zeta = nonnegative("physics.zeta");
  c.physics.d_r = positive("physics.d_r");
  if (periodic) {
    d.require(d.given("physics.d_t"), "physics.d_t", "required with geometry = periodic (translational diffusivity > 0)");
    c.physics.d_t = positive("physics.d_t");
  } else if (d.given("physics.d_t")) {
    c.physics.d_t = positive("physics.d_t");
  }
  c.physics.v0 = nonnegative("physics.v0");
  c.concentration = positive("physics.concentration");
  c.shear_rate = finite("flow.shear_rate");
  if (periodic && d.given("flow.shear_rate"))
    d.fail("flow.shear_rate", "only used with geometry = homogeneous (the periodic box has no imposed flow)");

  c.n = d.get_int("grid.n");
  d.require(c.n >= 8 && c.n <= 65536, "grid.n", fmt::format("must be in [8, 65536], got {}", c.n));
  d.require(c.n % 2 == 0 && fft_friendly(c.n), "grid.n",
            fmt::format("must be even with no prime factor above 7 (FFT sizes), got {}", c.n));
  c.length = positive("grid.length");
  c.ntheta = d.get_int("grid.ntheta");
  d.require(c.ntheta >= 12 && c.ntheta <= 4096 && c.ntheta % 2 == 0, "grid.ntheta",
            fmt::format("must be even and in [12, 4096] (modes up to 4 at least), got {}", c.ntheta));

  c.dt = positive("time.dt");
  c.end = positive("time.end");
  d.require(c.steps() > 0, "time.end", fmt::format("must be a whole number of steps dt = {}, got {}", c.dt, c.end));
  c.cfl = positive("time.cfl");
  d.require(c.cfl <= 2, "time.cfl", fmt::format("must be in (0, 2], got {}", c.cfl));

  c.order = finite("initial.order");
  d.require(c.order >= 0 && c.order <= 0.999, "initial.order",
            fmt::format("must be in [0, 0.999] (s -> 1 is a delta function in theta), got {}", c.order));
  c.angle = finite("initial.angle");
  const std::string pert = d.get_string("initial.perturbation");
  if (pert == "none") c.perturbation = Perturbation::None;
  else if (pert == "random") c.perturbation = Perturbation::Random;
  else if (pert == "wave") c.perturbation = Perturbation::Wave;
  else d.fail("initial.perturbation", fmt::format("unknown perturbation `{}` (none | random | wave)", pert));
  if (!periodic) c.perturbation = Perturbation::None;
  c.amplitude = nonnegative("initial.amplitude");
  d.require(c.amplitude < 1, "initial.amplitude", fmt::format("must be < 1 (relative to c0), got {}", c.amplitude));
  const auto wv = d.get_ints("initial.wavevector");
  d.require(wv.size() == 2, "initial.wavevector", fmt::format("expected 2 integers, got {}", wv.size()));
  c.wavevector = {wv[0], wv[1]};
  if (c.perturbation == Perturbation::Wave) {
    d.require(wv[0] != 0 || wv[1] != 0, "initial.wavevector", "must not be 0 0");
    d.require(3 * std::max(std::abs(wv[0]), std::abs(wv[1])) < c.n, "initial.wavevector",
              fmt::format("must be within the dealiased range 3|k| < n (|k| <= {})", (c.n - 1) / 3));
  }
  c.kmax = d.get_int("initial.kmax");
  d.require(c.kmax >= 1 && 3 * c.kmax < c.n, "initial.kmax",
            fmt::format("must be in [1, {}] (the dealiased range 3 kmax < n), got {}", (c.n - 1) / 3, c.kmax));
  const std::int64_t seed = d.get_int("random.seed");
  d.require(seed >= 0, "random.seed", fmt::format("must be >= 0, got {}", seed));
  c.seed = static_cast<std::uint64_t>(seed);

  c.stokes_tolerance = positive("stokes.tolerance");
  d.require(c.stokes_tolerance < 1e-2, "stokes.tolerance", fmt::format("must be in (0, 1e-2), got {}", c.stokes_tolerance));
  c.stokes_iterations = d.get_int("stokes.max_iterations");
  d.require(c.stokes_iterations >= 1 && c.stokes_iterations <= 100000, "stokes.max_iterations",
            fmt::format("must be in [1, 100000], got {}", c.stokes_iterations));
  c.planner = d.get_string("fft.planner");
  d.require(c.planner == "estimate" || c.planner == "measure" || c.planner == "patient", "fft.planner",
            fmt::format("unknown planner `{}` (estimate | measure | patient)", c.planner));

  c.file = d.get_string("output.file");
  d.require(!c.file.empty(), "output.file", "must not be empty");
  c.interval = positive("output.interval");
  d.require(c.steps_per_record() > 0, "output.interval",
            fmt::format("must be a whole number of steps dt = {}, got {}", c.dt, c.interval));
  d.require(whole_multiple(c.end, c.interval) > 0, "output.interval",
            fmt::format("time.end = {} must be a whole number of intervals of {}", c.end, c.interval));
  c.field_interval = nonnegative("output.field_interval");
  if (c.field_interval > 0 && periodic)
    d.require(c.records_per_field() > 0, "output.field_interval",
              fmt::format("must be a whole number of intervals of {} (or 0), got {}", c.interval, c.field_interval));
  if (!periodic) c.field_interval = 0;
  c.psi_interval = nonnegative("output.psi_interval");
  if (c.psi_interval > 0) {
    d.require(c.level == Level::Kinetic, "output.psi_interval",
              "only level = kinetic has Psi (the moment model evolves c, n and D)");
    d.require(c.records_per_psi() > 0, "output.psi_interval",
              fmt::format("must be a whole number of intervals of {} (or 0), got {}", c.interval, c.psi_interval));
  }
  c.checkpoint_interval = core::read_checkpoint_interval(d, c.interval);
  core::read_checkpoint_keys(d, c.file, c.checkpoint, c.progress_interval);
  return c;
}

}  // namespace noneq::kinetic::active_fluid
