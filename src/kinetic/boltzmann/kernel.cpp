#include "kinetic/boltzmann/kernel.hpp"

#include <cmath>
#include <numbers>

namespace noneq::kinetic::boltzmann {

namespace {
// <g^k> for g Maxwellian with variance 2T per component, divided by (4T)^{k/2}.
double reduced_speed_moment(double k) { return std::tgamma((k + 3) / 2) / std::tgamma(1.5); }
}  // namespace

Kernel Kernel::from_config(const Config& c) {
  Kernel k;
  k.kind = c.kernel;
  k.gamma = c.gamma;
  k.soft_cutoff = c.gamma < 0 ? c.soft_cutoff : 0.0;
  // ν(1, T0) = κ (4T0)^{γ/2} <...> (ν/ν_c) = nu.
  k.kappa = 1.0;
  k.kappa = c.nu / k.nu(1.0, c.temperature);
  return k;
}

double Kernel::nu_over_collision_frequency() const { return (gamma + 5) * (gamma + 3) / 30; }

double Kernel::collision_frequency(double n, double T) const {
  return n * kappa * std::pow(4 * T, gamma / 2) * reduced_speed_moment(gamma);
}

double Kernel::nu(double n, double T) const { return nu_over_collision_frequency() * collision_frequency(n, T); }

double Kernel::rate(double g, double g_c) const {
  if (gamma == 0) return kappa;
  if (gamma == 1) return kappa * g;  // hard spheres: no pow in the NTC loop
  return kappa * std::pow(std::max(g, g_c), gamma);
}

CutoffBias cutoff_bias(double gamma, double cutoff) {
  CutoffBias b;
  if (gamma >= 0 || cutoff <= 0) return b;
  // T = 1: g has density ∝ g² exp(−g²/4). Change of ∫ B g^w e^{−g²/4} dg (w = 6 for ν, 2 for ν_c)
  // over [0, g_c] by Simpson's rule on u = g/g_c (integrand ~ g^{γ+w} is integrable at 0).
  auto change = [&](double w) {
    // g = g_c u^q with q chosen so that the integrand vanishes smoothly at u = 0 (g^{γ+w} may be
    // singular there for γ < −2).
    const double q = std::max(1.0, 4.0 / (gamma + w + 1));
    const int n = 4000;
    double s = 0;
    for (int i = 1; i <= n; ++i) {
      const double u = static_cast<double>(i) / n, g = cutoff * std::pow(u, q);
      const double jac = cutoff * q * std::pow(u, q - 1);
      const double f = (std::pow(cutoff, gamma) - std::pow(g, gamma)) * std::pow(g, w) * std::exp(-g * g / 4) * jac;
      s += f * (i == n ? 1 : (i % 2 ? 4 : 2));
    }
    s /= 3.0 * n;
    // ∫_0^∞ g^{γ+w} e^{−g²/4} dg = 2^{γ+w} Γ((γ+w+1)/2)
    const double total = std::pow(2.0, gamma + w) * std::tgamma((gamma + w + 1) / 2);
    return s / total;
  };
  b.nu = change(6);
  b.collision_frequency = change(2);
  return b;
}

}  // namespace noneq::kinetic::boltzmann
