#pragma once
// Exact results for the homoenergetic Boltzmann equation (../shared/VALIDATION.md; Garzó & Santos,
// "Kinetic Theory of Gases in Shear Flows", Kluwer 2003, ch. 2–3; Bobylev 1975, Krook & Wu 1976).
namespace noneq::kinetic::boltzmann::exact {

/// Steady uniform shear flow of Maxwell molecules / BGK with a Gaussian thermostat, a* = a/ν:
/// ζ* = ζ/ν = (2/3) sinh²[(1/6) arccosh(1 + 9 a*²)]  (also the growth rate 2ζ*ν of T without thermostat)
double zeta_reduced(double a_reduced);
/// η* = (1 + 2ζ*)^{-2}
double viscosity_reduced(double a_reduced);
/// P_xx/p = (1 + 6ζ*)/(1 + 2ζ*), P_yy/p = P_zz/p = 1/(1 + 2ζ*), P_xy/p = −a*/(1 + 2ζ*)²
struct PressureRatios {
  double xx, yy, zz, xy;
};
PressureRatios pressure_ratios(double a_reduced);
/// BGK, thermostatted steady USF: <V^4>/(T/m)² = 15/y + 28a*²/y³ + 72a*⁴/y⁵, y = 1 + 4ζ*.
double bgk_fourth_moment(double a_reduced);

/// BKW solution for Maxwell molecules with isotropic scattering, no flow:
/// K(t) = 1 − (1 − K0) exp(−ν_c t/6) with ν_c = 2ν the collision frequency, and
/// <V^{2k}> / ((2k+1)!! T^k) = K^{k−1} [k − (k−1) K].
double bkw_k(double k0, double nu_c_t);
double bkw_moment_ratio(int k, double K);

}  // namespace noneq::kinetic::boltzmann::exact
