#include "kinetic/boltzmann/observables.hpp"

#include <cmath>

#include "kinetic/boltzmann/exact.hpp"
#include "kinetic/boltzmann/moments.hpp"

namespace noneq::kinetic::boltzmann {

const std::vector<SeriesSpec>& series_specs() {
  static const std::vector<SeriesSpec> specs = {
      {"time", {}, "time t"},
      {"density", {}, "number density n(t) = n0/det(I + tA), n0 = 1"},
      {"pressure_tensor", {3, 3}, "P_ij = n m <V_i V_j> (m = 1)"},
      {"temperature", {}, "T = tr P / (3n)"},
      {"nu", {}, "nu(n, T) = p/eta_NS of the kernel at the current state"},
      {"thermostat_rate", {}, "Gaussian thermostat rate zeta (dsmc: average over the record interval)"},
      {"thermostat_rate_reduced", {}, "zeta* = zeta/nu"},
      {"shear_rate_reduced", {}, "a* = a/nu (simple shear; NaN for other flows)"},
      {"viscosity_reduced", {}, "eta* = -P_xy/(p a*) = eta/eta_NS (simple shear, a > 0)"},
      {"pressure_tensor_reduced", {3, 3}, "P_ij / p"},
      {"normal_stress_differences", {2}, "(P_xx - P_yy)/p, (P_yy - P_zz)/p"},
      {"fourth_moment", {}, "<|V|^4> / (T/m)^2 (15 for a Maxwellian)"},
      {"sixth_moment", {}, "<|V|^6> / (T/m)^3 (105 for a Maxwellian)"},
      {"kurtosis", {3}, "<V_i^4> / <V_i^2>^2 (3 for a Maxwellian)"},
      {"entropy_production", {}, "viscous entropy production -L:P/T per unit volume (k_B = 1)"},
      {"entropy_production_reduced", {}, "-L:P/(T n nu)"},
      {"collision_rate", {}, "collisions per molecule per unit time (dsmc / test-particle; average over the interval)"},
      {"mean_velocity", {3}, "<V> (zero to round-off: momentum conservation)"},
  };
  return specs;
}

std::vector<double> derive(const State& s, const Config& c, const Kernel& k, const Flow& f) {
  std::vector<double> out;
  const double n = s.density, p = (s.pressure[0] + s.pressure[3] + s.pressure[5]) / 3, T = p / n;
  const double nu = std::isnan(s.nu) ? k.nu(n, T) : s.nu;
  const Matrix3 L = f.velocity_gradient(s.time);
  const Matrix3 P = full(s.pressure);
  double LP = 0;
  for (int q = 0; q < 9; ++q) LP += L[q] * P[q];
  const double a_red = c.simple_shear ? c.shear_rate / nu : kNaN;
  out.push_back(s.time);
  out.push_back(n);
  for (double x : P) out.push_back(x);
  out.push_back(T);
  out.push_back(nu);
  out.push_back(s.zeta);
  out.push_back(s.zeta / nu);
  out.push_back(a_red);
  out.push_back(c.simple_shear && c.shear_rate > 0 ? -s.pressure[1] / (p * a_red) : kNaN);
  for (double x : P) out.push_back(x / p);
  out.push_back((s.pressure[0] - s.pressure[3]) / p);
  out.push_back((s.pressure[3] - s.pressure[5]) / p);
  out.push_back(s.v4 / (T * T));
  out.push_back(s.v6 / (T * T * T));
  for (int a = 0; a < 3; ++a) {
    const double v2 = P[4 * a] / n;
    out.push_back(s.vi4[a] / (v2 * v2));
  }
  out.push_back(-LP / T);
  out.push_back(-LP / (T * n * nu));
  out.push_back(s.collision_rate);
  for (double x : s.mean_velocity) out.push_back(x);
  return out;
}

namespace {
// Test particles, Maxwell molecules, simple shear (exact::test_particle_stationary).
std::vector<double> exact_test_particle(const Config& c) {
  if (c.kernel != KernelKind::Maxwell || !c.simple_shear || c.thermostat != Thermostat::None) return {};
  const Kernel k = Kernel::from_config(c);
  const double L[9] = {0, c.shear_rate, 0, 0, 0, 0, 0, 0, 0};
  double Q[6];
  if (!exact::test_particle_stationary(L, k.kappa, c.mass_ratio, c.background_temperature, Q)) return {};
  const double m = c.mass_ratio, n = 1;
  const double P[9] = {m * Q[0], m * Q[1], m * Q[2], m * Q[1], m * Q[3], m * Q[4], m * Q[2], m * Q[4], m * Q[5]};
  const double p = (P[0] + P[4] + P[8]) / 3, T = p / n, nu = k.nu(1, c.background_temperature);
  const double a = c.shear_rate / nu;
  std::vector<double> out;
  auto nan = [&](int count) { out.insert(out.end(), count, kNaN); };
  nan(1);
  out.push_back(n);
  for (double x : P) out.push_back(x);
  out.push_back(T);
  out.push_back(nu);
  nan(2);                                   // thermostat rates
  out.push_back(a);
  out.push_back(a > 0 ? -P[1] / (p * a) : kNaN);
  for (double x : P) out.push_back(x / p);
  out.push_back((P[0] - P[4]) / p);
  out.push_back((P[4] - P[8]) / p);
  nan(2 + 3);                               // fourth, sixth moments, kurtosis
  out.push_back(-c.shear_rate * P[1] / T);
  out.push_back(-c.shear_rate * P[1] / (T * n * nu));
  out.push_back(k.kappa * n);               // collision rate n_b kappa
  nan(3);
  return out;
}
}  // namespace

std::vector<double> exact_steady(const Config& c) {
  if (c.solver == Solver::TestParticle) return exact_test_particle(c);
  if (!(c.kernel == KernelKind::Maxwell || c.kernel == KernelKind::Bgk) || c.thermostat != Thermostat::Gaussian ||
      !c.simple_shear)
    return {};
  const double a = c.a_reduced(), z = exact::zeta_reduced(a);
  const auto r = exact::pressure_ratios(a);
  const double T = c.temperature, n = 1, p = n * T;
  std::vector<double> out;
  auto nan = [&](int count) { out.insert(out.end(), count, kNaN); };
  nan(1);                                   // time
  out.push_back(n);
  const double P[9] = {r.xx * p, r.xy * p, 0, r.xy * p, r.yy * p, 0, 0, 0, r.zz * p};
  for (double x : P) out.push_back(x);
  out.push_back(T);
  out.push_back(c.nu);
  out.push_back(z * c.nu);
  out.push_back(z);
  out.push_back(a);
  out.push_back(a > 0 ? exact::viscosity_reduced(a) : kNaN);
  for (double x : P) out.push_back(x / p);
  out.push_back(r.xx - r.yy);
  out.push_back(r.yy - r.zz);
  // <V⁴>: closed form for BGK; the exact moment equations integrated to their steady state for both.
  double v4 = kNaN;
  std::array<double, 3> kurt{kNaN, kNaN, kNaN};
  if (!steady_fourth_moments(c, v4, kurt)) v4 = kNaN, kurt = {kNaN, kNaN, kNaN};
  out.push_back(c.kernel == KernelKind::Bgk ? exact::bgk_fourth_moment(a) : v4);
  nan(1);                                   // sixth moment
  for (double k : kurt) out.push_back(k);
  out.push_back(-a * c.nu * r.xy * p / T);  // -a P_xy / T
  out.push_back(-a * r.xy);                 // reduced by n nu
  nan(1 + 3);                               // collision rate, mean velocity
  return out;
}

}  // namespace noneq::kinetic::boltzmann
