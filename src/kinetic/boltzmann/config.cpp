#include "kinetic/boltzmann/config.hpp"

#include <fmt/core.h>

#include <cmath>
#include <limits>

#include "core/cli.hpp"
#include "core/error.hpp"

namespace noneq::kinetic::boltzmann {

using core::KeyType;

const char* solver_name(Solver s) {
  switch (s) {
    case Solver::Dsmc: return "dsmc";
    case Solver::Moments: return "moments";
    case Solver::TestParticle: return "test-particle";
  }
  return "?";
}

const char* kernel_name(KernelKind k) {
  switch (k) {
    case KernelKind::Maxwell: return "maxwell";
    case KernelKind::HardSpheres: return "hard-spheres";
    case KernelKind::PowerLaw: return "power-law";
    case KernelKind::Bgk: return "bgk";
  }
  return "?";
}

using core::whole_multiple;

std::int64_t Config::steps() const { return whole_multiple(end, dt); }
std::int64_t Config::steps_per_record() const { return whole_multiple(interval, dt); }
std::int64_t Config::records_per_histogram() const {
  return histogram_interval > 0 ? whole_multiple(histogram_interval, interval) : 0;
}
double Config::a_reduced() const {
  return simple_shear ? shear_rate / nu : std::numeric_limits<double>::quiet_NaN();
}

core::Schema Config::schema() {
  core::Schema s;
  s.add("method.solver", KeyType::String, "dsmc",
        "dsmc (particles, Boltzmann collisions) | moments (closed pressure-tensor equations: exact for maxwell "
        "and bgk, Grad 13-moment otherwise) | test-particle (tagged particles in a Maxwellian background)")
      .add("gas.kernel", KeyType::String, "maxwell",
           "collision kernel B(g) = kappa g^gamma, isotropic scattering: maxwell (gamma = 0) | hard-spheres "
           "(gamma = 1) | power-law (give gamma) | bgk (moments only)")
      .optional("gas.gamma", KeyType::Real, "power-law: homogeneity gamma in (-3, 2] (< 0: soft, capped below soft_cutoff)")
      .add("gas.nu", KeyType::Real, "1", "nu = p/eta_NS at the initial state (n = 1, T = temperature): sets the time unit")
      .add("gas.temperature", KeyType::Real, "1", "initial temperature T0 (k_B = m = 1); kept by the gaussian thermostat")
      .add("gas.soft_cutoff", KeyType::Real, "0.2",
           "gamma < 0: B(g) = kappa max(g, g_c)^gamma with g_c = soft_cutoff sqrt(T); the bias it causes is logged")
      .optional("flow.shear_rate_reduced", KeyType::Real, "simple shear u_x = a y with a = a* nu (a* >= 0)")
      .optional("flow.shear_rate", KeyType::Real, "simple shear u_x = a y, dimensional a >= 0")
      .optional("flow.deformation", KeyType::RealList,
                "general homoenergetic flow: the 9 entries of A (row-major), L(t) = A (I + tA)^-1")
      .add("flow.thermostat", KeyType::String, "none", "none | gaussian (isokinetic: keeps T = temperature)")
      .add("initial.distribution", KeyType::String, "maxwellian",
           "maxwellian | bkw (the Bobylev–Krook–Wu exact solution at K = bkw_k)")
      .add("initial.bkw_k", KeyType::Real, "0.6", "bkw: K(0) in [0.6, 1] (0.6: f(0) = 0 at V = 0)")
      .add("dsmc.particles", KeyType::Int, "100000", "simulated molecules N (all samples)")
      .add("dsmc.samples", KeyType::Int, "0",
           "independent homogeneous samples (collision cells) the N molecules are split into, spread over the "
           "ranks; results do not depend on the rank count (0: ceil(N/32768); raised to the rank count if smaller, "
           "and then results depend on it: set a fixed value >= the rank count)")
      .add("test_particle.particles", KeyType::Int, "100000", "tagged particles")
      .add("test_particle.mass_ratio", KeyType::Real, "1", "m_tagged / m_background > 0")
      .optional("test_particle.background_temperature", KeyType::Real,
                "temperature of the Maxwellian background (default gas.temperature)")
      .add("time.dt", KeyType::Real, "0.01", "dsmc / test-particle step (collision bookkeeping)")
      .required("time.end", KeyType::Real, "final time")
      .add("time.tolerance", KeyType::Real, "1e-10", "moments: relative and absolute tolerance of the adaptive ODE solver")
      .add("random.seed", KeyType::Int, "1", "Philox key (sample and particle ids in the counter)")
      .add("output.file", KeyType::String, "boltzmann.h5", "HDF5 output")
      .add("output.interval", KeyType::Real, "0.1", "time between records of the series (a multiple of dt)")
      .add("output.histogram_interval", KeyType::Real, "1",
           "time between velocity histograms (a multiple of interval; 0: none)")
      .add("output.histogram_bins", KeyType::Int, "64", "bins of the marginal histograms of V_i/sqrt(T)")
      .add("output.histogram_range", KeyType::Real, "6", "marginal histograms cover [-range, range] sqrt(T)")
      .add("output.distribution_bins", KeyType::Int, "24",
           "bins per axis of the scaled distribution of V/sqrt(2T) on [-3, 3]^3 (0: none)")
      .add("output.average_from", KeyType::Real, "-1",
           "steady-state averages over t >= average_from (negative: the second half of the run)")
      .add("output.batches", KeyType::Int, "20", "batches of the batch-means error bars")
      ;
  core::add_checkpoint_interval_key(s);
  core::add_checkpoint_keys(s);
  return s;
}

Config Config::from_deck(const core::Deck& d) {
  Config c;
  c.deck_name = d.name();
  auto positive = [&](const char* key, double v) {
    d.require(v > 0 && std::isfinite(v), key, fmt::format("must be > 0, got {}", v));
  };

  const std::string solver = d.get_string("method.solver");
  if (solver == "dsmc") c.solver = Solver::Dsmc;
  else if (solver == "moments") c.solver = Solver::Moments;
  else if (solver == "test-particle") c.solver = Solver::TestParticle;
  else d.fail("method.solver", fmt::format("unknown solver `{}` (dsmc | moments | test-particle)", solver));

  const std::string kernel = d.get_string("gas.kernel");
  if (kernel == "maxwell") c.kernel = KernelKind::Maxwell;
  else if (kernel == "hard-spheres") c.kernel = KernelKind::HardSpheres;
  else if (kernel == "power-law") c.kernel = KernelKind::PowerLaw;
  else if (kernel == "bgk") c.kernel = KernelKind::Bgk;
  else d.fail("gas.kernel", fmt::format("unknown kernel `{}` (maxwell | hard-spheres | power-law | bgk)", kernel));
  if (c.kernel == KernelKind::PowerLaw) {
    d.require(d.given("gas.gamma"), "gas.gamma", "required with kernel = power-law");
    c.gamma = d.get_real("gas.gamma");
    d.require(std::isfinite(c.gamma) && c.gamma > -3 && c.gamma <= 2, "gas.gamma",
              fmt::format("must be in (-3, 2], got {} (gamma <= -3: the collision frequency diverges at small "
                          "relative speed; gamma > 2 is not supported)", c.gamma));
  } else {
    if (d.given("gas.gamma"))
      d.fail("gas.gamma", fmt::format("only used with kernel = power-law (kernel `{}` fixes gamma)", kernel));
    c.gamma = c.kernel == KernelKind::HardSpheres ? 1.0 : 0.0;
  }
  if (c.kernel == KernelKind::Bgk && c.solver != Solver::Moments)
    d.fail("gas.kernel", fmt::format("bgk is a relaxation model, not a collision kernel: only solver = moments "
                                     "uses it (solver is `{}`)", solver));
  c.nu = d.get_real("gas.nu");
  positive("gas.nu", c.nu);
  c.temperature = d.get_real("gas.temperature");
  positive("gas.temperature", c.temperature);
  c.soft_cutoff = d.get_real("gas.soft_cutoff");
  d.require(std::isfinite(c.soft_cutoff) && c.soft_cutoff > 0 && c.soft_cutoff < 2, "gas.soft_cutoff",
            fmt::format("must be in (0, 2) (units of sqrt(T)), got {}", c.soft_cutoff));

  // [flow]
  const int flows = d.given("flow.shear_rate_reduced") + d.given("flow.shear_rate") + d.given("flow.deformation");
  if (flows > 1)
    d.fail(d.given("flow.deformation") ? "flow.deformation" : "flow.shear_rate",
           "give at most one of shear_rate_reduced, shear_rate and deformation (they set the same flow)");
  c.deformation = {};
  if (d.given("flow.shear_rate_reduced")) {
    const double as = d.get_real("flow.shear_rate_reduced");
    d.require(std::isfinite(as) && as >= 0, "flow.shear_rate_reduced", fmt::format("must be >= 0, got {}", as));
    c.simple_shear = true;
    c.shear_rate = as * c.nu;
  } else if (d.given("flow.shear_rate")) {
    const double a = d.get_real("flow.shear_rate");
    d.require(std::isfinite(a) && a >= 0, "flow.shear_rate", fmt::format("must be >= 0, got {}", a));
    c.simple_shear = true;
    c.shear_rate = a;
  } else if (d.given("flow.deformation")) {
    const auto a = d.get_reals("flow.deformation");
    d.require(a.size() == 9, "flow.deformation",
              fmt::format("expected the 9 entries of the 3x3 matrix A (row-major), got {} value{}", a.size(),
                          a.size() == 1 ? "" : "s"));
    for (int k = 0; k < 9; ++k) {
      d.require(std::isfinite(a[k]), "flow.deformation", fmt::format("entry {} is not finite", k + 1));
      c.deformation[k] = a[k];
    }
    // A = a e_x e_y given as a matrix is simple shear too.
    bool shear = true;
    for (int k = 0; k < 9; ++k) shear = shear && (k == 1 || c.deformation[k] == 0);
    if (shear && c.deformation[1] >= 0) c.simple_shear = true, c.shear_rate = c.deformation[1];
  } else {
    c.simple_shear = true;  // a = 0: no flow
  }
  if (c.simple_shear) c.deformation[1] = c.shear_rate;
  const std::string th = d.get_string("flow.thermostat");
  if (th == "none") c.thermostat = Thermostat::None;
  else if (th == "gaussian") c.thermostat = Thermostat::Gaussian;
  else d.fail("flow.thermostat", fmt::format("unknown thermostat `{}` (none | gaussian)", th));
  if (c.thermostat == Thermostat::Gaussian && c.solver == Solver::TestParticle)
    d.fail("flow.thermostat", "test-particle: the background gas is the heat bath; the thermostat must be none");

  const std::string init = d.get_string("initial.distribution");
  if (init == "maxwellian") c.initial = InitialDistribution::Maxwellian;
  else if (init == "bkw") c.initial = InitialDistribution::Bkw;
  else d.fail("initial.distribution", fmt::format("unknown distribution `{}` (maxwellian | bkw)", init));
  c.bkw_k = d.get_real("initial.bkw_k");
  d.require(c.bkw_k >= 0.6 && c.bkw_k <= 1, "initial.bkw_k",
            fmt::format("must be in [0.6, 1] (the BKW distribution is negative below 3/5), got {}", c.bkw_k));
  if (d.given("initial.bkw_k") && c.initial != InitialDistribution::Bkw)
    d.fail("initial.bkw_k", "only used with distribution = bkw");
  if (c.initial == InitialDistribution::Bkw && c.solver == Solver::TestParticle)
    d.fail("initial.distribution", "test-particle: the tagged molecules start from a Maxwellian at gas.temperature "
                                   "(bkw is for dsmc and moments)");

  const char* pkey = c.solver == Solver::TestParticle ? "test_particle.particles" : "dsmc.particles";
  c.particles = d.get_int(pkey);
  d.require(c.particles >= 2, pkey, fmt::format("must be >= 2, got {}", c.particles));
  d.require(c.particles < (std::int64_t{1} << 48), pkey, "must be < 2^48");
  c.samples = d.get_int("dsmc.samples");
  d.require(c.samples >= 0, "dsmc.samples", fmt::format("must be >= 0, got {}", c.samples));
  if (c.samples > 0) {
    d.require(c.particles / c.samples >= 2, "dsmc.samples",
              fmt::format("{} samples of {} particles leave fewer than 2 per sample", c.samples, c.particles));
    d.require(c.samples < (std::int64_t{1} << 32), "dsmc.samples", "must be < 2^32 (sample ids are 32-bit counters)");
  }
  c.mass_ratio = d.get_real("test_particle.mass_ratio");
  positive("test_particle.mass_ratio", c.mass_ratio);
  c.background_temperature =
      d.given("test_particle.background_temperature") ? d.get_real("test_particle.background_temperature") : c.temperature;
  positive("test_particle.background_temperature", c.background_temperature);

  c.dt = d.get_real("time.dt");
  positive("time.dt", c.dt);
  c.end = d.get_real("time.end");
  positive("time.end", c.end);
  c.tolerance = d.get_real("time.tolerance");
  d.require(c.tolerance > 0 && c.tolerance < 1e-2, "time.tolerance", fmt::format("must be in (0, 1e-2), got {}", c.tolerance));
  const std::int64_t seed = d.get_int("random.seed");
  d.require(seed >= 0, "random.seed", fmt::format("must be >= 0, got {}", seed));
  c.seed = static_cast<std::uint64_t>(seed);

  c.file = d.get_string("output.file");
  d.require(!c.file.empty(), "output.file", "must not be empty");
  c.interval = d.get_real("output.interval");
  positive("output.interval", c.interval);
  d.require(whole_multiple(c.end, c.interval) > 0, "output.interval",
            fmt::format("time.end = {} must be a whole number of intervals of {}", c.end, c.interval));
  if (c.solver == Solver::Dsmc) {
    d.require(whole_multiple(c.interval, c.dt) > 0, "output.interval",
              fmt::format("must be a whole number of time steps dt = {}, got {}", c.dt, c.interval));
    d.require(c.steps() < (std::int64_t{1} << 47), "time.dt", "more than 2^47 steps");
  }
  c.histogram_interval = d.get_real("output.histogram_interval");
  d.require(c.histogram_interval >= 0 && std::isfinite(c.histogram_interval), "output.histogram_interval",
            "must be >= 0");
  if (c.histogram_interval > 0)
    d.require(whole_multiple(c.histogram_interval, c.interval) > 0, "output.histogram_interval",
              fmt::format("must be a whole number of intervals of {} (or 0), got {}", c.interval, c.histogram_interval));
  c.histogram_bins = d.get_int("output.histogram_bins");
  d.require(c.histogram_bins >= 2 && c.histogram_bins <= 100000, "output.histogram_bins",
            fmt::format("must be in [2, 100000], got {}", c.histogram_bins));
  c.histogram_range = d.get_real("output.histogram_range");
  positive("output.histogram_range", c.histogram_range);
  c.distribution_bins = d.get_int("output.distribution_bins");
  d.require(c.distribution_bins == 0 || (c.distribution_bins >= 2 && c.distribution_bins <= 256),
            "output.distribution_bins", fmt::format("must be 0 or in [2, 256], got {}", c.distribution_bins));
  c.average_from = d.get_real("output.average_from");
  d.require(std::isfinite(c.average_from) && c.average_from < c.end, "output.average_from",
            fmt::format("must be < time.end = {}, got {}", c.end, c.average_from));
  if (c.average_from < 0) c.average_from = c.end / 2;
  c.batches = d.get_int("output.batches");
  d.require(c.batches >= 2 && c.batches <= 1000, "output.batches", fmt::format("must be in [2, 1000], got {}", c.batches));
  c.checkpoint_interval = core::read_checkpoint_interval(d, c.interval);
  core::read_checkpoint_keys(d, c.file, c.checkpoint, c.progress_interval);
  return c;
}

}  // namespace noneq::kinetic::boltzmann
