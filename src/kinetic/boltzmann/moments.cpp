#include "kinetic/boltzmann/moments.hpp"

#include <fmt/core.h>

#include <boost/numeric/odeint.hpp>
#include <cmath>

#include "core/error.hpp"
#include "kinetic/boltzmann/exact.hpp"

namespace noneq::kinetic::boltzmann {

namespace {
inline int idx4(int i, int j, int k, int l) { return ((i * 3 + j) * 3 + k) * 3 + l; }
inline double delta(int i, int j) { return i == j ? 1.0 : 0.0; }
}  // namespace

// V1 = G + h, V2 = G − h, after the collision h' = |h| n̂ with n̂ uniform:
//   V1⊗4 + V2⊗4 = 2 [G⊗4 + Σ_6 (G G h h) + h⊗4]   (Σ_6: the 6 placements of the two h factors),
//   E_n̂[h'_p h'_q] = |h|² δ_pq/3,  E_n̂[h'⊗4] = |h|⁴ (δδ + δδ + δδ)/15, so
//   Δ = 2 Σ_6 G_r G_s (|h|² δ_pq/3 − h_p h_q) + 2 (|h|⁴ (δδ + δδ + δδ)/15 − h⊗4).
// Over independent molecules (odd moments drop out with the zero mean):
//   E[G_a G_b h_c h_d] = (m_abcd + q_ab q_cd − q_ac q_bd − q_ad q_bc)/8,
//   E[h⊗4]_abcd        = (m_abcd + q_ab q_cd + q_ac q_bd + q_ad q_bc)/8,
//   E[G_a G_b |h|²]    = (m_abcc + q_ab tr q − 2 (q²)_ab)/8,   E[|h|⁴] = (m_aabb + (tr q)² + 2 tr q²)/8.
void maxwell_fourth_production(const double q[9], const double m[81], double out[81]) {
  auto Q = [&](int a, int b) { return q[3 * a + b]; };
  auto M = [&](int a, int b, int c, int d) { return m[idx4(a, b, c, d)]; };
  double trq = Q(0, 0) + Q(1, 1) + Q(2, 2), q2[9] = {0}, trq2 = 0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 3; ++c) q2[3 * a + b] += Q(a, c) * Q(c, b);
  trq2 = q2[0] + q2[4] + q2[8];
  double GGh2[9];
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      double mc = 0;
      for (int c = 0; c < 3; ++c) mc += M(a, b, c, c);
      GGh2[3 * a + b] = (mc + Q(a, b) * trq - 2 * q2[3 * a + b]) / 8;
    }
  double h4 = 0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) h4 += M(a, a, b, b);
  h4 = (h4 + trq * trq + 2 * trq2) / 8;
  auto GGhh = [&](int a, int b, int c, int d) { return (M(a, b, c, d) + Q(a, b) * Q(c, d) - Q(a, c) * Q(b, d) - Q(a, d) * Q(b, c)) / 8; };
  auto term = [&](int r, int s, int p, int qq) {  // E[G_r G_s (|h|² δ_pq/3 − h_p h_q)]
    return GGh2[3 * r + s] * delta(p, qq) / 3 - GGhh(r, s, p, qq);
  };
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 3; ++c)
        for (int d = 0; d < 3; ++d) {
          const double six = term(a, b, c, d) + term(a, c, b, d) + term(a, d, b, c) + term(b, c, a, d) +
                             term(b, d, a, c) + term(c, d, a, b);
          const double pairs = delta(a, b) * delta(c, d) + delta(a, c) * delta(b, d) + delta(a, d) * delta(b, c);
          const double hhhh = (M(a, b, c, d) + Q(a, b) * Q(c, d) + Q(a, c) * Q(b, d) + Q(a, d) * Q(b, c)) / 8;
          out[idx4(a, b, c, d)] = 2 * six + 2 * (h4 * pairs / 15 - hhhh);
        }
}

MomentEquations::MomentEquations(const Config& config)
    : config_(config), kernel_(Kernel::from_config(config)), flow_(config.deformation) {
  fourth_ = config.kernel == KernelKind::Bgk || config.kernel == KernelKind::Maxwell;
  dt_guess_ = 1e-3 / config.nu;
}

void MomentEquations::initialize() {
  const double T = config_.temperature;
  y_.assign(fourth_ ? 1 + 9 + 81 : 1 + 9, 0.0);
  y_[0] = 1;
  for (int a = 0; a < 3; ++a) y_[1 + 4 * a] = T;
  if (fourth_) {
    // Isotropic: M_ijkl = (n <V⁴>/15)(δδ + δδ + δδ).
    const double v4 = config_.initial == InitialDistribution::Bkw
                          ? 15 * T * T * exact::bkw_moment_ratio(2, config_.bkw_k)
                          : 15 * T * T;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k)
          for (int l = 0; l < 3; ++l)
            y_[10 + idx4(i, j, k, l)] =  // stored as M/p², p = n T = T
                v4 / 15 * (delta(i, j) * delta(k, l) + delta(i, k) * delta(j, l) + delta(i, l) * delta(j, k)) / (T * T);
  }
  t_ = 0;
  steps_ = 0;
}

double MomentEquations::zeta(const std::vector<double>& y, const Matrix3& L) const {
  if (config_.thermostat != Thermostat::Gaussian) return 0;
  double LP = 0, p = (y[1] + y[5] + y[9]) / 3;
  for (int q = 0; q < 9; ++q) LP += L[q] * y[1 + q];
  return -LP / (3 * p);
}

void MomentEquations::rhs(const std::vector<double>& y, std::vector<double>& dy, double t) const {
  dy.assign(y.size(), 0.0);
  const Matrix3 L = flow_.velocity_gradient(t);
  const double trL = trace(L);
  const double n = y[0];
  const double* P = &y[1];
  const double p = (P[0] + P[4] + P[8]) / 3, T = p / n;
  const double z = zeta(y, L);
  const double nu = config_.kernel == KernelKind::Bgk ? config_.nu * n : kernel_.nu(n, T);
  dy[0] = -trL * n;
  // Π and the Grad quadratic term.
  double Pi[9], PiPi[9] = {0}, trPiPi = 0;
  for (int q = 0; q < 9; ++q) Pi[q] = P[q] - (q % 4 == 0 ? p : 0.0);
  const double g = config_.kernel == KernelKind::Bgk ? 0.0 : kernel_.gamma;
  if (g != 0) {
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k) PiPi[3 * i + j] += Pi[3 * i + k] * Pi[3 * k + j];
    trPiPi = PiPi[0] + PiPi[4] + PiPi[8];
  }
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      double flow = 0;
      for (int m = 0; m < 3; ++m) flow += L[3 * i + m] * P[3 * m + j] + L[3 * j + m] * P[3 * i + m];
      double coll = Pi[3 * i + j];
      if (g != 0) coll += g / 14 * (PiPi[3 * i + j] - (i == j ? trPiPi / 3 : 0.0)) / p;
      dy[1 + 3 * i + j] = -flow - trL * P[3 * i + j] - 2 * z * P[3 * i + j] - nu * coll;
    }
  if (fourth_ && !fourth_lost_) {
    // The state holds M/p² (dimensionless, O(1) while the fourth moments have a steady shape):
    // d(M/p²)/dt = (dM/dt)/p² − 2 (M/p²)(dp/dt)/p.
    double Mbuf[81];
    for (int q = 0; q < 81; ++q) Mbuf[q] = y[10 + q] * p * p;
    const double* M = Mbuf;
    const double dp = (dy[1] + dy[5] + dy[9]) / 3;
    double prod[81];
    if (config_.kernel == KernelKind::Maxwell) {
      // Per-molecule moments q = P/n, m = M/n; dM/dt|coll = n (ν_c/2) E[Δ] with ν_c = 2ν.
      double q[9], m[81];
      for (int k = 0; k < 9; ++k) q[k] = P[k] / n;
      for (int k = 0; k < 81; ++k) m[k] = M[k] / n;
      maxwell_fourth_production(q, m, prod);
    }
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k)
          for (int l = 0; l < 3; ++l) {
            double flow = 0;
            for (int m = 0; m < 3; ++m)
              flow += L[3 * i + m] * M[idx4(m, j, k, l)] + L[3 * j + m] * M[idx4(i, m, k, l)] +
                      L[3 * k + m] * M[idx4(i, j, m, l)] + L[3 * l + m] * M[idx4(i, j, k, m)];
            const int q = idx4(i, j, k, l);
            double coll;
            if (config_.kernel == KernelKind::Maxwell) {
              coll = n * nu * prod[q];  // n (ν_c/2) E[Δ], ν_c/2 = ν
            } else {
              const double eq = n * T * T * (delta(i, j) * delta(k, l) + delta(i, k) * delta(j, l) + delta(i, l) * delta(j, k));
              coll = -nu * (M[q] - eq);
            }
            const double dM = -flow - trL * M[q] - 4 * z * M[q] + coll;
            dy[10 + q] = dM / (p * p) - 2 * y[10 + q] * dp / p;
          }
  }
}

void MomentEquations::advance_to(double t_end) {
  using namespace boost::numeric::odeint;
  using state_type = std::vector<double>;
  if (t_end <= t_) return;
  auto stepper = make_controlled(config_.tolerance, config_.tolerance, runge_kutta_dopri5<state_type>());
  auto system = [this](const state_type& y, state_type& dy, double t) { rhs(y, dy, t); };
  steps_ += integrate_adaptive(stepper, system, y_, t_, t_end, std::min(dt_guess_, t_end - t_));
  t_ = t_end;
  for (std::size_t k = 0; k < 10; ++k)
    if (!std::isfinite(y_[k]))
      throw core::NumericalError(fmt::format("moments: the pressure tensor is not finite at t = {:g} (the temperature "
                                             "has left the range of doubles, or the flow has collapsed)", t_));
  // Above the critical shear rate of the fourth moments, M/p² grows without bound while P stays
  // exact: the fourth moments are then dropped (NaN from here on) and P goes on.
  if (fourth_ && !fourth_lost_) {
    for (std::size_t k = 10; k < y_.size(); ++k)
      if (!(std::abs(y_[k]) < 1e200)) {
        fourth_lost_ = true;
        fourth_lost_at_ = t_;
        std::fill(y_.begin() + 10, y_.end(), 0.0);
        break;
      }
  }
}

State MomentEquations::state() const {
  State s;
  s.time = t_;
  s.density = y_[0];
  const double* P = &y_[1];
  s.pressure = sym(Matrix3{P[0], P[1], P[2], P[3], P[4], P[5], P[6], P[7], P[8]});
  const double n = y_[0], p = (P[0] + P[4] + P[8]) / 3, T = p / n;
  s.zeta = zeta(y_, flow_.velocity_gradient(t_));
  if (fourth_ && fourth_lost_) {
    s.v4 = kNaN;
    s.vi4 = {kNaN, kNaN, kNaN};
  } else if (fourth_) {
    const double* M = &y_[10];  // M/p²
    double v4 = 0;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) v4 += M[idx4(i, i, j, j)];
    s.v4 = v4 * p * p / n;
    for (int a = 0; a < 3; ++a) s.vi4[a] = M[idx4(a, a, a, a)] * p * p / n;
  } else {
    // Grad's distribution: <V⁴> = 15 T², <V_i⁴> = 3T² + 6T Π_ii/n.
    s.v4 = 15 * T * T;
    for (int a = 0; a < 3; ++a) s.vi4[a] = 3 * T * T + 6 * T * (P[4 * a] - p) / n;
  }
  return s;
}

}  // namespace noneq::kinetic::boltzmann

namespace noneq::kinetic::boltzmann {

bool steady_fourth_moments(const Config& c, double& v4, std::array<double, 3>& kurtosis) {
  Config m = c;
  m.solver = Solver::Moments;
  m.initial = InitialDistribution::Maxwellian;
  MomentEquations eq(m);
  eq.initialize();
  double last = 0;
  for (int k = 1; k <= 500; ++k) {
    try {
      eq.advance_to(10.0 * k / c.nu);
    } catch (const core::NumericalError&) {
      return false;
    }
    if (eq.fourth_moments_lost()) return false;
    const State s = eq.state();
    const double T = (s.pressure[0] + s.pressure[3] + s.pressure[5]) / (3 * s.density);
    v4 = s.v4 / (T * T);
    for (int a = 0; a < 3; ++a) {
      const double q = s.pressure[a == 0 ? 0 : (a == 1 ? 3 : 5)] / s.density;
      kurtosis[a] = s.vi4[a] / (q * q);
    }
    if (!std::isfinite(v4) || v4 > 1e12) return false;
    if (k > 1 && std::abs(v4 - last) <= 1e-11 * std::abs(v4)) return true;
    last = v4;
  }
  return false;
}

}  // namespace noneq::kinetic::boltzmann
