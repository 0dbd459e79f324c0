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

/// Test-particle problem, Maxwell molecules (collision rate ν_t = n_b κ per tagged molecule, tagged
/// mass m, background of unit mass at T_b), constant velocity gradient L (row-major 3x3): the
/// second moments Q = <V Vᵀ> per tagged molecule obey the closed linear equations
///   dQ/dt = −(L Q + Q Lᵀ) + ν_t [(μ_t² − 1) Q + μ_b² (tr Q/3) I + 2 μ_b² T_b I],
///   μ_t = m/(m + 1), μ_b = 1/(m + 1)
/// (average of V'V'ᵀ over the isotropic scattering direction and the Maxwellian partner).
/// Stationary Q (xx, xy, xz, yy, yz, zz); returns false (Q untouched) when the equations have a
/// growing mode, i.e. above the critical shear rate.
bool test_particle_stationary(const double L[9], double nu_t, double m, double Tb, double Q[6]);
/// Critical simple-shear rate a_c/ν_t above which the test-particle problem has no stationary state.
double test_particle_critical_shear(double m);
/// The linear operator of the Q equations as a 6x6 matrix acting on (xx, xy, xz, yy, yz, zz), and
/// the source; exposed for tests.
void test_particle_operator(const double L[9], double nu_t, double m, double Tb, double op[36], double src[6]);

}  // namespace noneq::kinetic::boltzmann::exact
