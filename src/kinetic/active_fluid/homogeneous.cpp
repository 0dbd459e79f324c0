#include "kinetic/active_fluid/homogeneous.hpp"

#include <fmt/core.h>

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "kinetic/active_fluid/model.hpp"
#include "kinetic/active_fluid/observables.hpp"

namespace noneq::kinetic::active_fluid {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Imposed u_x = rate y: eps = 2i E12 = i rate, omega = -rate.
PointFlow shear(double rate) { return PointFlow{0, 0, cplx(0, rate), -rate}; }
}  // namespace

Homogeneous::Homogeneous(const Config& config, Closure closure)
    : cfg_(config), closure_(std::move(closure)), bingham_(Closure::bingham()), quadratic_(Closure::quadratic()) {
  H_ = cfg_.max_mode() + 1;
  psi_.assign(static_cast<std::size_t>(H_), 0);
  psi_prev_ = nl_ = nl_prev_ = psi_;
}

void Homogeneous::initialize() {
  const double c = cfg_.concentration, s = cfg_.order;
  const double b = s > 0 ? bingham::parameter_of(s) : 0;
  for (int m = 0; m < H_; ++m) {
    if (m % 2 != 0) continue;
    double ratio = 1;
    if (cfg_.level == Level::Moments) ratio = m == 0 ? 1 : s;
    else
      for (int j = 1; j <= m / 2; ++j) ratio *= bingham::bessel_ratio(j, b);
    psi_[static_cast<std::size_t>(m)] = c * ratio * std::polar(1.0, m * cfg_.angle);
  }
  time_ = 0;
  step_ = 0;
  rhs();
  if (cfl_ > cfg_.cfl)
    throw core::InputError(fmt::format(
        "{}: [time] dt: dt = {:g} gives a CFL number dt m_max |thetadot| = {:.3g} > time.cfl = {:g} (shear rate {:g}, "
        "modes up to {}): use dt <= {:.3g}",
        cfg_.deck_name, cfg_.dt, cfl_, cfg_.cfl, cfg_.shear_rate, H_ - 1, cfg_.dt * cfg_.cfl / cfl_));
}

void Homogeneous::rhs() {
  const PointFlow f = shear(cfg_.shear_rate);
  const double w = half_vorticity(f);
  const cplx g = rotation_g(f, cfg_.physics.zeta, psi_[2]);
  if (cfg_.level == Level::Kinetic) {
    rotations_kinetic(H_, 1, psi_.data(), w, g, nl_.data());
  } else {
    const double c = psi_[0].real();
    if (!(c > 0)) throw core::NumericalError(fmt::format("the concentration c = {:g} is not positive at t = {:g}", c, time_));
    cplx X, Y;
    closure_.contractions(c, psi_[2], f.eps, X, Y);
    rotations_moments(psi_.data(), w, g, cfg_.physics.zeta, X, Y, nl_.data());
  }
  cfl_ = cfg_.dt * (H_ - 1) * (std::abs(w) + std::abs(g));
  for (const cplx& v : psi_)
    if (!std::isfinite(v.real()) || !std::isfinite(v.imag()))
      throw core::NumericalError(fmt::format("the solution is not finite at t = {:g} (step {})", time_, step_));
}

void Homogeneous::step() {
  const double dt = cfg_.dt, dr = cfg_.physics.d_r;
  const bool first = step_ == 0;
  for (int m = 0; m < H_; ++m) {
    const auto i = static_cast<std::size_t>(m);
    const double L = -dr * m * m;
    const cplx next = first ? (psi_[i] + dt * nl_[i]) / (1 - dt * L)
                            : (4.0 * psi_[i] - psi_prev_[i] + 2 * dt * (2.0 * nl_[i] - nl_prev_[i])) / (3 - 2 * dt * L);
    psi_prev_[i] = psi_[i];
    psi_[i] = next;
  }
  std::swap(nl_prev_, nl_);
  ++step_;
  time_ = static_cast<double>(step_) * dt;
  rhs();
  if (cfl_ > cfg_.cfl)
    throw core::NumericalError(fmt::format("CFL number {:.3g} > time.cfl = {:g} at t = {:g} (step {})", cfl_, cfg_.cfl,
                                           time_, step_));
}

std::vector<double> Homogeneous::measure() const {
  std::vector<double> r(kSeriesWidth, kNaN);
  const double c = psi_[0].real();
  const cplx mu1 = psi_[1], mu2 = psi_[2];
  r[kTime] = time_;
  r[kConcentration] = r[kConcentrationMin] = r[kConcentrationMax] = c;
  r[kNematicOrder] = r[kNematicGlobal] = r[kNematicRms] = std::abs(mu2) / c;
  r[kPolarOrder] = std::abs(mu1) / c;
  r[kMeanD] = 0.5 * (c + mu2.real());
  r[kMeanD + 1] = 0.5 * mu2.imag();
  r[kMeanD + 2] = 0.5 * (c - mu2.real());
  r[kMeanN] = mu1.real();
  r[kMeanN + 1] = mu1.imag();
  if (cfg_.level == Level::Kinetic) {
    const cplx eps = shear(cfg_.shear_rate).eps, mu4 = psi_[4];
    const cplx Xt = std::conj(eps) * mu4, Yt = std::conj(mu2) * mu4;
    const double se = std::abs((Xt + eps * c) / 4.0), sd = std::abs(c * mu2 / 2.0 + (Yt + mu2 * c) / 4.0);
    int j = 0;
    for (const Closure* cl : {&quadratic_, &bingham_}) {
      cplx X, Y;
      cl->contractions(c, mu2, eps, X, Y);
      r[kClosureError + 2 * j] = se > 0 ? std::abs((Xt - X) / 4.0) / se : kNaN;
      r[kClosureError + 2 * j + 1] = sd > 0 ? std::abs((Yt - Y) / 4.0) / sd : kNaN;
      ++j;
    }
  }
  r[kCfl] = cfl_;
  return r;
}

}  // namespace noneq::kinetic::active_fluid
