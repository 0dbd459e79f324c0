// noneq-boltzmann-shear unit tests: exact formulas against the equations they solve, the moment
// equations against the exact steady states, Grad's closure against a Monte Carlo average over
// Grad's distribution, kernels, flows, the test-particle equations, and DSMC conservation laws.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <random>

#include "boltzmann_harness.hpp"
#include "kinetic/boltzmann/exact.hpp"
#include "kinetic/boltzmann/flow.hpp"
#include "kinetic/boltzmann/kernel.hpp"
#include "kinetic/boltzmann/moments.hpp"

using namespace noneq::kinetic::boltzmann;
using noneq::test::boltzmann_config;
using noneq::test::series_offset;

namespace {
const std::string kMoments = "[method]\nsolver = moments\n[time]\nend = 60\n[output]\ninterval = 1\n";
}  // namespace

TEST_CASE("USF exact Maxwell formulas satisfy the steady pressure-tensor equations", "[boltzmann]") {
  // Steady state of dP/dt = -a(δ_ix P_yj + δ_jx P_yi) - 2ζP - ν(P - pI), ζ = -a P_xy/(3p):
  // yy: 2ζ* P_yy = -(P_yy - p); xy: a* P_yy + 2ζ* P_xy = -P_xy; ζ* = -a* P_xy/(3p).
  for (double a : {0.05, 0.5, 1.0, 2.0, 5.0}) {
    const double z = exact::zeta_reduced(a);
    const auto r = exact::pressure_ratios(a);
    CHECK(2 * z * r.yy == Approx(1 - r.yy).epsilon(1e-12));
    CHECK(a * r.yy + 2 * z * r.xy == Approx(-r.xy).epsilon(1e-12));
    CHECK(z == Approx(-a * r.xy / 3).epsilon(1e-12));
    CHECK(r.xx + r.yy + r.zz == Approx(3).epsilon(1e-12));
    // xx: 2a P_xy + 2ζ P_xx = -(P_xx - p)
    CHECK(2 * a * r.xy + 2 * z * r.xx == Approx(1 - r.xx).epsilon(1e-12));
    CHECK(exact::viscosity_reduced(a) == Approx(-r.xy / a).epsilon(1e-12));
  }
}

TEST_CASE("moment equations reach the exact steady USF state (Maxwell, BGK, Grad at gamma = 0)", "[boltzmann]") {
  for (const char* kernel : {"maxwell", "bgk", "power-law\ngamma = 0"}) {
    for (double a : {0.5, 2.0}) {
      const auto c = boltzmann_config(kMoments + "[gas]\nkernel = " + kernel + "\n[flow]\nthermostat = gaussian\nshear_rate_reduced = " +
                                      std::to_string(a) + "\n");
      MomentEquations eq(c);
      eq.initialize();
      eq.advance_to(60);
      const State s = eq.state();
      const double p = (s.pressure[0] + s.pressure[3] + s.pressure[5]) / 3;
      const auto r = exact::pressure_ratios(a);
      INFO(kernel << " a* = " << a);
      CHECK(s.pressure[0] / p == Approx(r.xx).epsilon(1e-8));
      CHECK(s.pressure[1] / p == Approx(r.xy).epsilon(1e-8));
      CHECK(s.pressure[3] / p == Approx(r.yy).epsilon(1e-8));
      CHECK(s.pressure[5] / p == Approx(r.zz).epsilon(1e-8));
      CHECK(s.zeta == Approx(exact::zeta_reduced(a)).epsilon(1e-8));
      CHECK(p == Approx(1).epsilon(1e-10));
      if (std::string(kernel) == "bgk") CHECK(s.v4 == Approx(exact::bgk_fourth_moment(a)).epsilon(1e-7));
    }
  }
}

TEST_CASE("beyond their critical shear rate the fourth moments are dropped, the stresses go on", "[boltzmann]") {
  const auto c = boltzmann_config(kMoments + "[flow]\nthermostat = gaussian\nshear_rate_reduced = 20\n");
  MomentEquations eq(c);
  eq.initialize();
  REQUIRE_NOTHROW(eq.advance_to(1500));
  CHECK(eq.fourth_moments_lost());
  const State s = eq.state();
  CHECK(std::isnan(s.v4));
  const double p = (s.pressure[0] + s.pressure[3] + s.pressure[5]) / 3;
  CHECK(s.pressure[1] / p == Approx(exact::pressure_ratios(20).xy).epsilon(1e-8));
  double v4;
  std::array<double, 3> kurt;
  CHECK_FALSE(steady_fourth_moments(c, v4, kurt));  // no exception either
  CHECK(steady_fourth_moments(boltzmann_config(kMoments + "[flow]\nthermostat = gaussian\nshear_rate_reduced = 1\n"), v4, kurt));
  CHECK(v4 == Approx(21.407).epsilon(1e-4));
}

TEST_CASE("without thermostat the Maxwell temperature grows as exp(2 zeta* nu t)", "[boltzmann]") {
  const double a = 1.5;
  const auto c = boltzmann_config(kMoments + "[flow]\nshear_rate_reduced = 1.5\n");
  MomentEquations eq(c);
  eq.initialize();
  eq.advance_to(30);
  const double T1 = eq.state().pressure[0] + eq.state().pressure[3] + eq.state().pressure[5];
  eq.advance_to(40);
  const double T2 = eq.state().pressure[0] + eq.state().pressure[3] + eq.state().pressure[5];
  CHECK(std::log(T2 / T1) / 10 == Approx(2 * exact::zeta_reduced(a)).epsilon(1e-7));
}

TEST_CASE("Grad-13 collision term matches a Monte Carlo average over Grad's distribution", "[boltzmann]") {
  // C_ij = (n² κ/4) <g^γ (g² δ_ij/3 − g_i g_j)> over pairs from f = f_M (1 + Π:VV/(2pT)), n = T = 1.
  // With common random numbers, [C(Π) − C(−Π)]/2 is the linear part and [C(Π) + C(−Π)]/2 the
  // quadratic part (weights (1 ± φ1)(1 ± φ2)); each is compared with moments.hpp's closure.
  for (double gamma : {1.0, 0.5, -1.0}) {
    const auto c = boltzmann_config("[method]\nsolver = moments\n[gas]\nkernel = power-law\ngamma = " + std::to_string(gamma) +
                                    "\n[time]\nend = 1\n");
    const Kernel k = Kernel::from_config(c);
    const double nu = k.nu(1, 1);
    const double Pi[9] = {0.6, 0.35, 0, 0.35, -0.1, 0, 0, 0, -0.5};  // every component of Π·Π − ⅓ tr resolved
    double PiPi[9] = {0};
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        for (int m = 0; m < 3; ++m) PiPi[3 * i + j] += Pi[3 * i + m] * Pi[3 * m + j];
    const double tr2 = PiPi[0] + PiPi[4] + PiPi[8];
    std::mt19937_64 rng(12345);
    std::normal_distribution<double> normal;
    const long samples = 4000000;
    const int comps[3][2] = {{0, 0}, {0, 1}, {1, 1}};
    double lin[3] = {0}, quad[3] = {0}, lin2[3] = {0}, quad2[3] = {0};
    for (long n = 0; n < samples; ++n) {
      double v1[3], v2[3], g[3];
      for (int a = 0; a < 3; ++a) v1[a] = normal(rng), v2[a] = normal(rng), g[a] = v1[a] - v2[a];
      double phi1 = 0, phi2 = 0;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) phi1 += Pi[3 * i + j] * v1[i] * v1[j] / 2, phi2 += Pi[3 * i + j] * v2[i] * v2[j] / 2;
      const double g2 = g[0] * g[0] + g[1] * g[1] + g[2] * g[2], b = k.kappa * std::pow(g2, gamma / 2) / 4;
      for (int q = 0; q < 3; ++q) {
        const int i = comps[q][0], j = comps[q][1];
        const double f = b * ((i == j ? g2 / 3 : 0.0) - g[i] * g[j]);
        const double l = f * (phi1 + phi2), qd = f * phi1 * phi2;
        lin[q] += l, lin2[q] += l * l, quad[q] += qd, quad2[q] += qd * qd;
      }
    }
    for (int q = 0; q < 3; ++q) {
      const int i = comps[q][0], j = comps[q][1];
      const double lm = lin[q] / samples, le = std::sqrt((lin2[q] / samples - lm * lm) / samples);
      const double qm = quad[q] / samples, qe = std::sqrt((quad2[q] / samples - qm * qm) / samples);
      const double lin_closure = -nu * Pi[3 * i + j];
      const double quad_closure = -nu * gamma / 14 * (PiPi[3 * i + j] - (i == j ? tr2 / 3 : 0.0));
      INFO("gamma " << gamma << " component " << i << j << ": linear " << lm << " ± " << le << " vs " << lin_closure
                    << "; quadratic " << qm << " ± " << qe << " vs " << quad_closure);
      CHECK(std::abs(lm - lin_closure) < 5 * le);
      CHECK(std::abs(qm - quad_closure) < 5 * qe);
      CHECK(qe < 0.2 * std::abs(quad_closure));  // the test resolves the quadratic term
    }
  }
}

TEST_CASE("Maxwell fourth-degree collision production matches simulated collisions", "[boltzmann]") {
  // A finite zero-mean anisotropic population; pairs drawn independently (with replacement) and
  // collided with a random isotropic direction: the mean change of V1⊗4 + V2⊗4 must equal
  // maxwell_fourth_production() evaluated on the population's exact moments.
  std::mt19937_64 rng(99);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unif(0, 1);
  const int K = 400;
  std::vector<std::array<double, 3>> pop(K);
  for (auto& v : pop) {
    const double w = unif(rng) < 0.3 ? 2.5 : 0.7;  // a fat-tailed, sheared mixture
    v = {w * normal(rng) + 0.6 * normal(rng), 0.8 * normal(rng), w * 0.5 * normal(rng)};
    v[0] += 0.7 * v[1];
  }
  double mean[3] = {0, 0, 0};
  for (auto& v : pop)
    for (int a = 0; a < 3; ++a) mean[a] += v[a] / K;
  for (auto& v : pop)
    for (int a = 0; a < 3; ++a) v[a] -= mean[a];
  double q[9] = {0}, m[81] = {0};
  for (auto& v : pop)
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) {
        q[3 * a + b] += v[a] * v[b] / K;
        for (int c = 0; c < 3; ++c)
          for (int d = 0; d < 3; ++d) m[((a * 3 + b) * 3 + c) * 3 + d] += v[a] * v[b] * v[c] * v[d] / K;
      }
  double exact[81];
  maxwell_fourth_production(q, m, exact);
  std::uniform_int_distribution<int> pick(0, K - 1);
  const long samples = 2000000;
  std::vector<double> sum(81, 0.0), sum2(81, 0.0);
  for (long n = 0; n < samples; ++n) {
    const auto& v1 = pop[pick(rng)];
    const auto& v2 = pop[pick(rng)];
    double G[3], h[3], nn[3];
    for (int a = 0; a < 3; ++a) G[a] = (v1[a] + v2[a]) / 2, h[a] = (v1[a] - v2[a]) / 2;
    const double hn = std::sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]);
    const double c = 2 * unif(rng) - 1, ph = 2 * std::numbers::pi * unif(rng), sn = std::sqrt(1 - c * c);
    nn[0] = sn * std::cos(ph), nn[1] = sn * std::sin(ph), nn[2] = c;
    double a1[3], a2[3];
    for (int a = 0; a < 3; ++a) a1[a] = G[a] + hn * nn[a], a2[a] = G[a] - hn * nn[a];
    for (int i = 0; i < 81; ++i) {
      const int a = i / 27, b = (i / 9) % 3, cc = (i / 3) % 3, d = i % 3;
      const double after = a1[a] * a1[b] * a1[cc] * a1[d] + a2[a] * a2[b] * a2[cc] * a2[d];
      const double before = v1[a] * v1[b] * v1[cc] * v1[d] + v2[a] * v2[b] * v2[cc] * v2[d];
      sum[i] += after - before, sum2[i] += (after - before) * (after - before);
    }
  }
  for (int i : {0, 1, 4, 13, 40, 80, 10, 30, 8}) {  // xxxx, xxxy, xxyy, xyyy, yyyy, zzzz, ...
    const double mc = sum[i] / samples, se = std::sqrt((sum2[i] / samples - mc * mc) / samples);
    INFO("component " << i << ": simulated " << mc << " ± " << se << ", formula " << exact[i]);
    CHECK(std::abs(mc - exact[i]) < 5 * se);
  }
}

TEST_CASE("Maxwell moment equations reproduce the BKW fourth moment", "[boltzmann]") {
  const auto c = boltzmann_config("[method]\nsolver = moments\n[initial]\ndistribution = bkw\nbkw_k = 0.6\n[time]\nend = 10\n");
  MomentEquations eq(c);
  eq.initialize();
  const double nu_c = 2 * c.nu;
  for (double t : {0.0, 0.5, 1.0, 2.0, 5.0, 10.0}) {
    eq.advance_to(t);
    const State s = eq.state();
    const double T = (s.pressure[0] + s.pressure[3] + s.pressure[5]) / 3;
    const double K = exact::bkw_k(0.6, nu_c * t);
    INFO("t = " << t);
    CHECK(s.v4 / (15 * T * T) == Approx(exact::bkw_moment_ratio(2, K)).epsilon(1e-9));
    CHECK(s.vi4[0] / (T * T) == Approx(3 * exact::bkw_moment_ratio(2, K)).epsilon(1e-9));  // isotropic: <V_x⁴> = <V⁴>/5
  }
}

TEST_CASE("kernel rates: hard spheres, nu/nu_c, soft cut-off bias", "[boltzmann]") {
  const auto hs = boltzmann_config("[gas]\nkernel = hard-spheres\nnu = 2.5\ntemperature = 1.7\n[time]\nend = 1\n");
  const Kernel k = Kernel::from_config(hs);
  CHECK(k.nu(1, 1.7) == Approx(2.5).epsilon(1e-14));
  // Hard spheres: ν_c = n κ <g> with <g> = 4 sqrt(T/(π m)), and p/η_1 = (16/5) n σ² sqrt(πT/m) with κ = π σ².
  const double T = 1.7, sigma2 = k.kappa / std::numbers::pi;
  CHECK(k.collision_frequency(1, T) == Approx(k.kappa * 4 * std::sqrt(T / std::numbers::pi)).epsilon(1e-13));
  CHECK(k.nu(1, T) == Approx(16.0 / 5 * sigma2 * std::sqrt(std::numbers::pi * T)).epsilon(1e-13));
  // Soft cut-off: independent trapezoid over the full range of the capped and uncapped integrals.
  for (double gamma : {-1.0, -2.0, -2.7}) {
    const double cut = 0.2;
    auto integral = [&](double w, bool capped) {
      // substitution g = u^4 resolves the g^{γ+w} behaviour at 0
      const int n = 400000;
      double s = 0;
      for (int i = 1; i < n; ++i) {
        const double u = 4.0 * i / n, g = std::pow(u, 4), jac = 4 * std::pow(u, 3);
        const double b = capped ? std::pow(std::max(g, cut), gamma) : std::pow(g, gamma);
        s += b * std::pow(g, w) * std::exp(-g * g / 4) * jac;
      }
      return s * 4.0 / n;
    };
    const auto bias = cutoff_bias(gamma, cut);
    INFO("gamma " << gamma);
    CHECK(bias.nu == Approx(integral(6, true) / integral(6, false) - 1).margin(1e-6));
    CHECK(bias.collision_frequency == Approx(integral(2, true) / integral(2, false) - 1).margin(1e-5));
    CHECK(bias.collision_frequency < 0);
  }
}

TEST_CASE("homoenergetic flow: propagators compose, shear is exact, density follows det", "[boltzmann]") {
  const Flow shear({0, 0.7, 0, 0, 0, 0, 0, 0, 0});
  CHECK(shear.nilpotent());
  const Matrix3 m = shear.propagator(2.0, 0.5);
  CHECK(m[1] == Approx(-0.7 * 1.5));
  CHECK(shear.density(3.0) == 1.0);
  const Flow general({0.1, 0.3, 0, -0.05, 0.02, 0.1, 0, 0.2, -0.07});
  CHECK_FALSE(general.nilpotent());
  const Matrix3 ab = mul(general.propagator(1.3, 0.6), general.propagator(0.6, 0.1));
  const Matrix3 ac = general.propagator(1.3, 0.1);
  for (int q = 0; q < 9; ++q) CHECK(ab[q] == Approx(ac[q]).margin(1e-14));
  // dV/dt = −L V: finite difference of the propagator.
  const double t = 0.8, h = 1e-6;
  const Matrix3 L = general.velocity_gradient(t);
  const Matrix3 p1 = general.propagator(t + h, t), p0 = general.propagator(t - h, t);
  for (int q = 0; q < 9; ++q) CHECK((p1[q] - p0[q]) / (2 * h) == Approx(-L[q]).margin(1e-8));
  // dn/dt = −tr(L) n
  CHECK((general.density(t + h) - general.density(t - h)) / (2 * h) ==
        Approx(-trace(L) * general.density(t)).margin(1e-8));
  const Flow collapse({-1, 0, 0, 0, 0, 0, 0, 0, 0});
  CHECK(collapse.collapse_time(2.0) == Approx(1.0).margin(1e-9));
  const Flow twice({-1, 0, 0, 0, -1, 0, 0, 0, 0});  // det = (1 − t)²: touches zero without a sign change
  CHECK(twice.collapse_time(3.0) == Approx(1.0).margin(1e-6));
  const Flow later({-0.25, 0, 0, 0, 0.5, 0, 0, 0, -0.1});  // first zero at t = 4 (then 10)
  CHECK(later.collapse_time(3.9) < 0);
  CHECK(later.collapse_time(12.0) == Approx(4.0).margin(1e-9));
  CHECK(general.collapse_time(4.0) < 0);
  // Adversarial cubics: a tiny det A (the quadratic formula cancels), a touching zero next to a
  // tiny third root, a near-touching minimum far below t_end, a root at 1e-100.
  CHECK(Flow({-0.9, 0, 0, 0, -1.1, 0, 0, 0, 1e-16}).collapse_time(3.0) == Approx(1 / 1.1).epsilon(1e-12));
  CHECK(Flow({-1, 0, 0, 0, -1, 0, 0, 0, 1e-13}).collapse_time(3.0) == Approx(1.0).margin(1e-6));
  CHECK(Flow({-1, -1e-3, 0, 1e-3, -1, 0, 0, 0, 0}).collapse_time(1e3) < 0);  // min det 1e-6 at t = 1
  CHECK(Flow({-1e100, 0, 0, 0, 1, 0, 0, 0, 1}).collapse_time(1.0) == Approx(1e-100).epsilon(1e-12));
}

TEST_CASE("norm_bound bounds |M x|/|x|", "[boltzmann]") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  for (int trial = 0; trial < 200; ++trial) {
    Matrix3 m;
    for (double& x : m) x = normal(rng);
    if (trial % 3 == 0) m = Flow({0, normal(rng), 0, 0, 0, 0, 0, 0, 0}).propagator(1e-3 * trial, 0);
    const double bound = norm_bound(m);
    double worst = 0;
    for (int k = 0; k < 2000; ++k) {
      double x[3] = {normal(rng), normal(rng), normal(rng)}, y[3];
      const double nx = std::sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
      apply(m, x, y);
      worst = std::max(worst, std::sqrt(y[0] * y[0] + y[1] * y[1] + y[2] * y[2]) / nx);
    }
    CHECK(worst <= bound * (1 + 1e-15));
  }
  CHECK(norm_bound({2, 0, 0, 0, -3, 0, 0, 0, 1}) == Approx(3).epsilon(1e-15));
}

TEST_CASE("test-particle closed equations: equilibrium, stationary state and the critical shear rate", "[boltzmann]") {
  for (double m : {1.0, 0.25, 4.0}) {
    const double nu_t = 2, Tb = 1.3;
    // a = 0: Q = (T_b/m) I.
    {
      const double L[9] = {0};
      double Q[6];
      REQUIRE(exact::test_particle_stationary(L, nu_t, m, Tb, Q));
      CHECK(Q[0] == Approx(Tb / m).epsilon(1e-12));
      CHECK(Q[3] == Approx(Tb / m).epsilon(1e-12));
      CHECK(Q[1] == Approx(0).margin(1e-14));
    }
    const double ac = exact::test_particle_critical_shear(m) * nu_t;
    // Below a_c the ODE (explicit RK4 on the same operator) converges to the stationary Q; above, it grows.
    auto integrate = [&](double a, double tend) {
      const double L[9] = {0, a, 0, 0, 0, 0, 0, 0, 0};
      double op[36], src[6];
      exact::test_particle_operator(L, nu_t, m, Tb, op, src);
      std::vector<double> q = {1, 0, 0, 1, 0, 1};
      auto f = [&](const std::vector<double>& x) {
        std::vector<double> d(6);
        for (int r = 0; r < 6; ++r) {
          d[r] = src[r];
          for (int c = 0; c < 6; ++c) d[r] += op[6 * r + c] * x[c];
        }
        return d;
      };
      const double h = 1e-3;
      for (double t = 0; t < tend; t += h) {
        auto k1 = f(q);
        std::vector<double> x(6);
        for (int i = 0; i < 6; ++i) x[i] = q[i] + h / 2 * k1[i];
        auto k2 = f(x);
        for (int i = 0; i < 6; ++i) x[i] = q[i] + h / 2 * k2[i];
        auto k3 = f(x);
        for (int i = 0; i < 6; ++i) x[i] = q[i] + h * k3[i];
        auto k4 = f(x);
        for (int i = 0; i < 6; ++i) q[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      }
      return q;
    };
    const double a = 0.6 * ac;
    const double L[9] = {0, a, 0, 0, 0, 0, 0, 0, 0};
    double Q[6];
    REQUIRE(exact::test_particle_stationary(L, nu_t, m, Tb, Q));
    const auto q = integrate(a, 200 / nu_t);
    INFO("m = " << m);
    for (int i = 0; i < 6; ++i) CHECK(q[i] == Approx(Q[i]).margin(1e-8));
    const double La[9] = {0, 1.05 * ac, 0, 0, 0, 0, 0, 0, 0};
    CHECK_FALSE(exact::test_particle_stationary(La, nu_t, m, Tb, Q));
    const auto qa = integrate(1.05 * ac, 400 / nu_t), qb = integrate(1.05 * ac, 500 / nu_t);
    CHECK(qb[0] + qb[3] + qb[5] > 1.01 * (qa[0] + qa[3] + qa[5]));  // growing
    const double Lb[9] = {0, 0.97 * ac, 0, 0, 0, 0, 0, 0, 0};
    REQUIRE(exact::test_particle_stationary(Lb, nu_t, m, Tb, Q));
    const auto qc = integrate(0.97 * ac, 400 / nu_t), qd = integrate(0.97 * ac, 500 / nu_t);
    auto distance = [&](const std::vector<double>& x) {
      double s = 0;
      for (int i = 0; i < 6; ++i) s += (x[i] - Q[i]) * (x[i] - Q[i]);
      return std::sqrt(s);
    };
    CHECK(distance(qd) < 0.99 * distance(qc));  // approaching the stationary state
  }
}

TEST_CASE("DSMC conserves momentum and energy in every collision", "[boltzmann]") {
  // No flow, no thermostat: Σ V and Σ |V|² of each sample change only by round-off.
  const auto c = boltzmann_config(
      "[gas]\nkernel = hard-spheres\n[dsmc]\nparticles = 20000\nsamples = 4\n[time]\ndt = 0.05\nend = 10\n[output]\n"
      "interval = 1\n");
  Dsmc d(c, MPI_COMM_SELF);
  d.initialize();
  auto totals = [&](const Sample& s, double out[4]) {
    const auto v = d.velocities(s);
    out[0] = out[1] = out[2] = out[3] = 0;
    for (std::int64_t i = 0; i < s.n; ++i)
      for (int a = 0; a < 3; ++a) out[a] += v[3 * i + a], out[3] += v[3 * i + a] * v[3 * i + a];
  };
  std::vector<std::array<double, 4>> before(d.local_samples().size());
  for (std::size_t k = 0; k < before.size(); ++k) totals(d.local_samples()[k], before[k].data());
  d.advance(c.steps());
  std::int64_t collisions = 0;
  for (std::size_t k = 0; k < before.size(); ++k) {
    const Sample& s = d.local_samples()[k];
    collisions += s.collisions;
    double after[4];
    totals(s, after);
    for (int a = 0; a < 3; ++a) CHECK(std::abs(after[a] - before[k][a]) < 1e-10 * std::sqrt(static_cast<double>(s.n)));
    CHECK(after[3] == Approx(before[k][3]).epsilon(1e-12));
  }
  CHECK(collisions > 100000);  // about ν_c N t / 2 = 1.25e5
}

TEST_CASE("DSMC Maxwell collision rate is the kernel's", "[boltzmann]") {
  const auto c = boltzmann_config("[dsmc]\nparticles = 10000\nsamples = 2\n[time]\ndt = 0.01\nend = 5\n[output]\ninterval = 5\nhistogram_interval = 0\n");
  Dsmc d(c, MPI_COMM_SELF);
  d.initialize();
  d.advance(c.steps());
  std::int64_t coll = 0;
  for (const auto& s : d.local_samples()) coll += s.collisions;
  // ½ (N_s − 1) κ dt candidates per step per sample, all accepted: rate per molecule κ (N_s − 1)/N_s.
  const double expected = 2.0 * 0.5 * (5000 - 1) * d.kernel().kappa * 5;
  CHECK(static_cast<double>(coll) == Approx(expected).margin(2.0));
}
