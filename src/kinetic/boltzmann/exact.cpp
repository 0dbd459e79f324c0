#include "kinetic/boltzmann/exact.hpp"

#include <cmath>

namespace noneq::kinetic::boltzmann::exact {

double zeta_reduced(double a) {
  const double s = std::sinh(std::acosh(1 + 9 * a * a) / 6);
  return 2.0 / 3.0 * s * s;
}

double viscosity_reduced(double a) {
  const double z = zeta_reduced(a);
  return 1 / ((1 + 2 * z) * (1 + 2 * z));
}

PressureRatios pressure_ratios(double a) {
  const double z = zeta_reduced(a);
  return {(1 + 6 * z) / (1 + 2 * z), 1 / (1 + 2 * z), 1 / (1 + 2 * z), -a / ((1 + 2 * z) * (1 + 2 * z))};
}

double bgk_fourth_moment(double a) {
  const double y = 1 + 4 * zeta_reduced(a);
  return 15 / y + 28 * a * a / (y * y * y) + 72 * a * a * a * a / std::pow(y, 5);
}

double bkw_k(double k0, double nu_c_t) { return 1 - (1 - k0) * std::exp(-nu_c_t / 6); }

double bkw_moment_ratio(int k, double K) { return std::pow(K, k - 1) * (k - (k - 1) * K); }

}  // namespace noneq::kinetic::boltzmann::exact
