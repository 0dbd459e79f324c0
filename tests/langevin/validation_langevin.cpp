// noneq-langevin against exact results (../shared/VALIDATION.md), at 1 and 2 ranks.
// Where the time discretisation changes the answer at a level the statistics could see, the
// reference is the exact expectation of the discrete scheme (computed here independently of the
// code under test), and the continuum value is checked with a bound on that bias.
// Tolerances: 4 standard errors (estimated from the data: per-particle spread or the spread of
// independent observable windows), plus the stated bias bound where there is one.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "langevin_harness.hpp"
#include "support/test_util.hpp"

using namespace noneq;
using noneq::test::langevin_config;
using noneq::test::particle_sum;

namespace {

// sum_{j,k=0}^{n-1} lambda^{|j-k|}: correlation sum of the propulsion over n Euler steps.
double correlation_sum(double lambda, long n) {
  double s = static_cast<double>(n), p = 1;
  for (long m = 1; m < n; ++m) p *= lambda, s += 2.0 * static_cast<double>(n - m) * p;
  return s;
}

struct MeanErr {
  double mean, err;
};
MeanErr mean_err(const std::vector<double>& v) {
  const double m = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return {m, std::sqrt(s / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()))};
}

// Runs `steps` steps recording every `every`; returns the named record values.
std::vector<double> run_records(langevin::Simulation& sim, long steps, long every, const std::string& name,
                                long skip_steps = 0) {
  std::vector<double> out;
  for (long s = 0; s < steps; ++s) {
    sim.step();
    if (sim.step_index() % every == 0) {
      const auto r = sim.record();
      if (sim.step_index() > skip_steps) out.push_back(r.value(name));
    }
  }
  return out;
}

std::string free_abp(int dim) {
  return "[system]\ndim = " + std::to_string(dim) +
         "\nbox = 40\nparticles = 3000\n[dynamics]\nmodel = abp\nv0 = 4\ntranslational_diffusion = 0.5\n"
         "rotational_diffusion = 2\n[interaction]\npotential = none\n[time]\ndt = 1e-3\nsteps = 2000\n"
         "[output]\nobservables_every = 100\n[observables]\nmap_cell = 10\n";
}

}  // namespace

TEST_CASE("free ABP: MSD, orientation correlation and entropy production (2D and 3D)", "[validation][abp]") {
  for (int dim : {2, 3}) {
    CAPTURE(dim);
    const auto c = langevin_config(free_abp(dim));
    langevin::Simulation sim(c, MPI_COMM_WORLD);
    sim.initialize();
    const long steps = c.steps;
    const auto epr = run_records(sim, steps, c.observables_every, "entropy_production");
    const double dt = c.dt, t = sim.time(), v0 = c.v0, Dt = c.translational_diffusion, Dr = c.rotational_diffusion;
    // One-step orientation correlation lambda = E[e_{n+1}.e_n]. 2D: Gaussian angle increments,
    // lambda = exp(-Dr dt) exactly. 3D: tangent-plane kick s*P xi (|P xi|^2 ~ chi^2_2, s^2 =
    // 2 Dr dt) then normalisation: lambda = E[(1 + s^2 q)^{-1/2}], q ~ Exp(mean 2), by quadrature.
    double lambda = std::exp(-Dr * dt);
    if (dim == 3) {
      const double s2 = 2 * Dr * dt;
      lambda = 0;
      const int M = 200000;
      const double qmax = 80, h = qmax / M;
      for (int k = 0; k < M; ++k) {
        const double q = (k + 0.5) * h;
        lambda += 0.5 * std::exp(-0.5 * q) / std::sqrt(1 + s2 * q) * h;
      }
      // Continuum: exp(-2 Dr dt); the scheme's first-order bias is small but visible.
      CHECK(std::fabs(lambda - std::exp(-2 * Dr * dt)) < 12 * (Dr * dt) * (Dr * dt));
    }
    const double N = static_cast<double>(c.particles);
    // MSD: 2 d Dt t + v0^2 dt^2 sum_{jk} lambda^{|j-k|} (exact for Euler–Maruyama with exact e statistics).
    const double msd_exact = 2 * dim * Dt * t + v0 * v0 * dt * dt * correlation_sum(lambda, steps);
    auto& p = sim.particles();
    auto d2 = [&](std::size_t i) {
      double s = 0;
      for (int a = 0; a < dim; ++a) {
        const double u = p.x[a][i] + p.image[a][i] * c.box[a] - p.x_start[a][i];
        s += u * u;
      }
      return s;
    };
    const double m1 = particle_sum(sim, d2) / N, m2 = particle_sum(sim, [&](std::size_t i) { return d2(i) * d2(i); }) / N;
    const double msd_err = std::sqrt((m2 - m1 * m1) / N);
    INFO("MSD " << m1 << " exact(discrete) " << msd_exact << " +- " << msd_err);
    CHECK(std::fabs(m1 - msd_exact) < 4 * msd_err);
    // Continuum formula (VALIDATION.md): differs from the discrete one by O(Dr dt) relative.
    const double msd_cont = dim == 2 ? 4 * Dt * t + 2 * v0 * v0 / (Dr * Dr) * (Dr * t - 1 + std::exp(-Dr * t))
                                     : 6 * Dt * t + 2 * v0 * v0 / (4 * Dr * Dr) * (2 * Dr * t - 1 + std::exp(-2 * Dr * t));
    CHECK(std::fabs(m1 - msd_cont) < 4 * msd_err + 10 * Dr * dt * msd_cont);
    // Orientation correlation: lambda^n.
    auto ee = [&](std::size_t i) {
      double s = 0;
      for (int a = 0; a < dim; ++a) s += p.e[a][i] * p.e_start[a][i];
      return s;
    };
    const double c1 = particle_sum(sim, ee) / N, c2 = particle_sum(sim, [&](std::size_t i) { return ee(i) * ee(i); }) / N;
    const double corr_exact = std::pow(lambda, static_cast<double>(steps));
    INFO("orientation correlation " << c1 << " exact " << corr_exact);
    CHECK(std::fabs(c1 - corr_exact) < 4 * std::sqrt((c2 - c1 * c1) / N));
    // Entropy production per particle: Stratonovich estimator expectation v0^2 (1 + lambda)/(2 Dt);
    // continuum v0^2 / Dt.
    const auto e = mean_err(epr);
    const double epr_exact = v0 * v0 * (1 + lambda) / (2 * Dt);
    INFO("EPR " << e.mean << " +- " << e.err << " exact(discrete) " << epr_exact << " continuum " << v0 * v0 / Dt);
    CHECK(std::fabs(e.mean - epr_exact) < 4 * e.err);
    CHECK(std::fabs(e.mean - v0 * v0 / Dt) < 4 * e.err + v0 * v0 / Dt * (dim - 1) * Dr * dt);
  }
}

TEST_CASE("trapped AOUP: stationary variance and entropy production", "[validation][aoup]") {
  const auto c = langevin_config(
      "[system]\ndim = 2\nbox = 30\nparticles = 4000\n[dynamics]\nmodel = aoup\nv0 = 2\n"
      "translational_diffusion = 1\npersistence_time = 0.5\nmobility = 1\n[interaction]\npotential = none\n"
      "[trap]\nstiffness = 1\n[time]\ndt = 2e-3\nsteps = 12000\n[output]\nobservables_every = 500\n"
      "[observables]\nmap_cell = 5\n");
  langevin::Simulation sim(c, MPI_COMM_WORLD);
  sim.initialize();
  // Relaxation from the uniform start: variance 75 decays as exp(-2 mu k t): after t = 12 the
  // memory is exp(-24) * 75 ~ 3e-9, far below the statistical error.
  const long relax = 6000;
  const auto epr = run_records(sim, c.steps, c.observables_every, "entropy_production", relax);
  // Discrete scheme: x' = (1-a) x + b g + c xi, g' = rho g + q zeta (per axis), a = mu k dt,
  // b = v0 dt, c^2 = 2 Dt dt. Stationary: C = E[x g] = rho b / (1 - rho (1-a)),
  // V = E[x^2] = (b^2 + 2 (1-a) b C + c^2) / (1 - (1-a)^2).
  const double dt = c.dt, a = c.mobility * c.stiffness * dt, b = c.v0 * dt, cc = 2 * c.translational_diffusion * dt;
  const double rho = std::exp(-dt / c.persistence_time);
  const double C = rho * b / (1 - rho * (1 - a));
  const double V = (b * b + 2 * (1 - a) * b * C + cc) / (1 - (1 - a) * (1 - a));
  const double mk = c.mobility * c.stiffness, itau = 1 / c.persistence_time;
  const double V_cont = c.translational_diffusion / mk + c.v0 * c.v0 / (mk * (mk + itau));
  // Variance from 12 snapshots of the stationary state 1 time unit apart (the error is taken from
  // their spread, which also covers residual correlations between them).
  std::vector<double> snaps;
  auto& p = sim.particles();
  const double N = static_cast<double>(c.particles);
  for (int k = 0; k < 12; ++k) {
    for (int s = 0; s < 500; ++s) sim.step();
    snaps.push_back(particle_sum(sim, [&](std::size_t i) {
                      double s2 = 0;
                      for (int ax = 0; ax < 2; ++ax) {
                        double d = p.x[ax][i] - 0.5 * c.box[ax];
                        d -= c.box[ax] * std::nearbyint(d / c.box[ax]);  // periodic: nearest image
                        s2 += d * d;
                      }
                      return s2;
                    }) / (2 * N));
  }
  const auto v = mean_err(snaps);
  INFO("variance " << v.mean << " +- " << v.err << " discrete " << V << " continuum " << V_cont);
  CHECK(std::fabs(v.mean - V) < 4 * v.err);
  CHECK(std::fabs(V - V_cont) < 2 * (mk + itau) * dt * V_cont);  // first-order scheme bias bound
  // EPR: E[(u_n + u_{n+1}).dx]/(2 Dt dt) = v0 d (b - a C)(1 + rho) / (2 Dt dt) per particle.
  const double epr_discrete = c.v0 * 2 * (b - a * C) * (1 + rho) / (2 * c.translational_diffusion * dt);
  const double epr_cont = 2 * c.v0 * c.v0 * itau / (c.translational_diffusion * (itau + mk));
  const auto e = mean_err(epr);
  INFO("EPR " << e.mean << " +- " << e.err << " discrete " << epr_discrete << " continuum " << epr_cont);
  CHECK(std::fabs(e.mean - epr_discrete) < 4 * e.err);
  CHECK(std::fabs(epr_discrete - epr_cont) < 2 * (mk + itau) * dt * epr_cont);
}

TEST_CASE("passive underdamped WCA fluid: kinetic temperature and zero entropy production", "[validation][underdamped]") {
  const auto c = langevin_config(
      "[system]\ndim = 2\npacking_fraction = 0.4\nparticles = 1600\n[dynamics]\nmodel = underdamped\n"
      "translational_diffusion = 1\nfriction = 1\nmass = 1\n[interaction]\npotential = wca\n[time]\n"
      "dt = 0.002\nsteps = 12000\n[output]\nobservables_every = 400\n");
  langevin::Simulation sim(c, MPI_COMM_WORLD);
  sim.initialize();
  std::vector<double> temp, epr;
  for (long s = 0; s < c.steps; ++s) {
    sim.step();
    if (sim.step_index() % c.observables_every == 0) {
      const auto r = sim.record();
      if (sim.step_index() > 2000) temp.push_back(r.value("kinetic_temperature")), epr.push_back(r.value("entropy_production"));
    }
  }
  const auto T = mean_err(temp), E = mean_err(epr);
  // BAOAB full-step kinetic temperature is biased by O(dt^2): for a harmonic mode kT/(1 - (w dt/2)^2);
  // the stiffest WCA contacts have w^2 = U''(1.05 sigma) ~ 200 eps/sigma^2, so < 1e-3.
  INFO("kinetic temperature " << T.mean << " +- " << T.err << " (kT = " << c.kT() << ")");
  CHECK(std::fabs(T.mean - c.kT()) < 4 * T.err + 1e-3);
  // Equilibrium: the heat exchanged with the bath has zero mean.
  INFO("EPR " << E.mean << " +- " << E.err);
  CHECK(std::fabs(E.mean) < 4 * E.err + 2 * c.friction * 1e-3);
  CHECK(E.err < 0.1);  // the check has teeth: a 1 % temperature error would show as 0.02 k_B/particle/time
}
