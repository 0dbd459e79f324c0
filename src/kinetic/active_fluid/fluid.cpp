#include "kinetic/active_fluid/fluid.hpp"

#include <Random123/philox.h>
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/collective.hpp"
#include "core/error.hpp"
#include "kinetic/active_fluid/observables.hpp"

namespace noneq::kinetic::active_fluid {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const cplx I(0, 1);

// eps = (E11 - E22) + 2i E12 = 2 d_x u_x + i (d_y u_x + d_x u_y) in Fourier space.
cplx strain_hat(double kx, double ky, cplx ux, cplx uy) { return 2.0 * I * kx * ux + I * (I * ky * ux + I * kx * uy); }

// Base state: Bingham distribution of order s along `angle`; mu_{2k} = c I_k(b)/I_0(b) e^{2ik angle}.
cplx base_mode(int m, double c, double s, double angle) {
  if (m == 0) return c;
  if (m % 2 != 0 || s == 0) return 0;
  const double b = bingham::parameter_of(s);
  double ratio = 1;
  for (int j = 1; j <= m / 2; ++j) ratio *= bingham::bessel_ratio(j, b);
  return c * ratio * std::polar(1.0, m * angle);
}
}  // namespace

Fluid::Fluid(const Config& config, Closure closure, MPI_Comm comm)
    : cfg_(config), closure_(std::move(closure)), bingham_(Closure::bingham()), quadratic_(Closure::quadratic()),
      comm_(comm) {
  fft_ = std::make_unique<Spectral>(cfg_.n, cfg_.length, comm, cfg_.planner);
  stride_ = cfg_.physics.v0 == 0 ? 2 : 1;
  H_ = cfg_.max_mode() / stride_ + 1;
  const std::size_t modes = fft_->modes();
  psi_.assign(modes * H_, 0);
  psi_prev_ = nl_ = nl_prev_ = psi_;
  uhat_.assign(modes * 2, 0);
  uhat_prev_ = uhat_;
  spec_work_ = fft_->buffer(3 * H_);
  phys_flux_ = fft_->buffer(3 * H_);
  phys_psi_ = fft_->buffer(H_);
  fft_->buffer(H_);  // plans for H fields
  spec_vel_ = fft_->buffer(3);
  phys_vel_ = fft_->buffer(3);
  spec_one_ = fft_->buffer(1);
  phys_one_ = fft_->buffer(1);
  spec_stress_ = fft_->buffer(2);
  phys_stress_ = fft_->buffer(2);
  const std::int64_t n = cfg_.n;
  for (std::int64_t a = 0; a < fft_->nkx(); ++a) kx_.push_back(fft_->k(fft_->kx0() + a));
  for (std::int64_t b = 0; b < n; ++b) ky_.push_back(fft_->k(b));
  for (std::int64_t a = 0; a < fft_->nkx(); ++a)
    for (std::int64_t b = 0; b < n; ++b) {
      k2_.push_back(kx_[a] * kx_[a] + ky_[b] * ky_[b]);
      kept_.push_back(fft_->kept(fft_->kx0() + a, b) ? 1 : 0);
    }
}

std::string Fluid::where(std::size_t p) const {
  const auto n = static_cast<std::size_t>(cfg_.n);
  const double dx = fft_->dx();
  const double y = static_cast<double>(fft_->row0() + static_cast<std::int64_t>(p / n)) * dx;
  const double x = static_cast<double>(p % n) * dx;
  return fmt::format("(x, y) = ({:.6g}, {:.6g}), t = {:.6g} (step {})", x, y, time_, step_);
}

void Fluid::initialize() {
  const std::int64_t n = cfg_.n;
  const double c0 = cfg_.concentration;
  std::fill(psi_.begin(), psi_.end(), cplx(0));
  if (fft_->kx0() == 0)  // the rank holding k = 0
    for (int j = 0; j < H_; ++j) {
      const int m = stride_ * j;
      psi_[static_cast<std::size_t>(j)] =
          cfg_.level == Level::Moments && m == 2 ? cplx(c0 * cfg_.order * std::polar(1.0, 2 * cfg_.angle))
                                                 : base_mode(m, c0, cfg_.order, cfg_.angle);
    }
  if (cfg_.perturbation == Perturbation::Wave) {
    // The shear eigenmode of D at k: Q ~ (k_perp k + k k_perp) cos(k.x), encoded 2i e^{2i phi}.
    const double phi = std::atan2(static_cast<double>(cfg_.wavevector[1]), static_cast<double>(cfg_.wavevector[0]));
    const cplx amp = 0.5 * cfg_.amplitude * c0 * I * std::polar(1.0, 2 * phi);
    for (int sgn : {1, -1}) {
      const std::int64_t a = ((sgn * cfg_.wavevector[0]) % n + n) % n, b = ((sgn * cfg_.wavevector[1]) % n + n) % n;
      if (a < fft_->kx0() || a >= fft_->kx0() + fft_->nkx()) continue;
      psi_[((static_cast<std::size_t>(a - fft_->kx0()) * n + b) * H_) + 2 / stride_] += amp;
    }
  } else if (cfg_.perturbation == Perturbation::Random) {
    // Every coefficient a function of (seed; k_x, k_y, m) only: the same field at any rank count.
    const std::vector<int> ms = cfg_.physics.v0 > 0 ? std::vector<int>{1, 2} : std::vector<int>{2};
    double sum2 = 0;
    for (std::int64_t a = 0; a < fft_->nkx(); ++a)
      for (std::int64_t b = 0; b < n; ++b) {
        const std::int64_t kx = fft_->wavenumber(fft_->kx0() + a), ky = fft_->wavenumber(b);
        if ((kx == 0 && ky == 0) || std::max(std::abs(kx), std::abs(ky)) > cfg_.kmax) continue;
        for (int m : ms) {
          const r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(cfg_.seed),
                                                   static_cast<std::uint32_t>(cfg_.seed >> 32)}};
          const r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(kx + 65536),
                                                   static_cast<std::uint32_t>(ky + 65536), static_cast<std::uint32_t>(m),
                                                   0x5eedu}};
          const auto r = r123::Philox4x32()(ctr, key);
          const cplx v(2 * ((r[0] + 0.5) * 0x1p-32) - 1, 2 * ((r[1] + 0.5) * 0x1p-32) - 1);
          psi_[(static_cast<std::size_t>(a) * n + b) * H_ + m / stride_] += v;  // m = 1 only when stride 1
          if (m == 2) sum2 += std::norm(v);
        }
      }
    MPI_Allreduce(MPI_IN_PLACE, &sum2, 1, MPI_DOUBLE, MPI_SUM, comm_);
    const double scale = sum2 > 0 ? cfg_.amplitude * c0 / std::sqrt(sum2) : 0;  // Parseval: rms of mu_2
    for (std::int64_t a = 0; a < fft_->nkx(); ++a)
      for (std::int64_t b = 0; b < n; ++b) {
        const std::int64_t kx = fft_->wavenumber(fft_->kx0() + a), ky = fft_->wavenumber(b);
        if (kx == 0 && ky == 0) continue;
        for (int m : ms) psi_[(static_cast<std::size_t>(a) * n + b) * H_ + m / stride_] *= scale;
      }
  }
  time_ = 0;
  step_ = 0;
  rhs();
  if (cfl_ > cfg_.cfl)
    throw core::InputError(fmt::format(
        "{}: [time] dt: dt = {:g} gives a CFL number {:.3g} > time.cfl = {:g} for the initial state (V0 = {:g}, "
        "dx = {:.4g}, modes up to {}): use dt <= {:.3g}",
        cfg_.deck_name, cfg_.dt, cfl_, cfg_.cfl, cfg_.physics.v0, fft_->dx(), stride_ * (H_ - 1),
        cfg_.dt * cfg_.cfl / cfl_));
}

void Fluid::restore(double time, std::int64_t step) {
  // psi, psi_prev, nl, nl_prev, uhat and uhat_prev were read back: the next step() is the one the
  // interrupted run would have taken (the physical fields are refreshed by it).
  time_ = time;
  step_ = step;
  have_prev_velocity_ = true;
}

void Fluid::point_closure(std::size_t p, cplx eps, cplx& X, cplx& Y) const {
  const ModeView mu = view(p);
  if (cfg_.level == Level::Kinetic) {
    X = std::conj(eps) * mu[4];
    Y = std::conj(mu[2]) * mu[4];
  } else if (closure_.has_mu4()) {
    X = std::conj(eps) * mu4_[p];
    Y = std::conj(mu[2]) * mu4_[p];
  } else {
    closure_.contractions(mu[0].real(), mu[2], eps, X, Y);
  }
}

void Fluid::velocity() {
  const Parameters& P = cfg_.physics;
  const std::int64_t n = cfg_.n;
  const std::size_t np = fft_->points();
  const double norm = 1.0 / static_cast<double>(n * n);
  const double kappa = 1 + P.beta * cfg_.concentration / 8;  // beta c0 E/4 treated implicitly
  const bool iterate = P.beta > 0;
  std::string problem;
  // The stress is real-linear in eps at every point: sigma(eps) = s0 + a eps + b conj(eps) (with the
  // beta c0 eps/4 part moved to the left-hand side). s0, a, b once per solve: in closed form when
  // mu_4 exists (kinetic, Bingham, table), else from the closure's contractions at eps = 0, 1 and i
  // (X is real-linear in eps, Y does not depend on it).
  sig0_.resize(np), sigA_.resize(np), sigB_.resize(np);
  for (std::size_t p = 0; p < np; ++p) {
    const ModeView mu = view(p);
    const double c = mu[0].real();
    if (cfg_.level == Level::Moments && !(c > 0)) {
      if (problem.empty())
        problem = fmt::format("the concentration c = {:.4g} is not positive at {}: the moment model needs c > 0 "
                              "(under-resolved; reduce dt or refine the grid)",
                              c, where(p));
      sig0_[p] = sigA_[p] = sigB_[p] = 0;
      continue;
    }
    if (cfg_.level == Level::Kinetic || closure_.has_mu4()) {
      // X = conj(eps) mu_4, Y = conj(mu_2) mu_4: active_stress() written out in s0, a, b.
      const cplx m4 = cfg_.level == Level::Kinetic ? mu[4] : mu4_[p], m2 = mu[2];
      sig0_[p] = P.alpha * m2 - 0.5 * P.zeta * P.beta * (c * m2 - std::conj(m2) * m4);
      sigA_[p] = 0.25 * P.beta * (c - cfg_.concentration);
      sigB_[p] = 0.25 * P.beta * m4;
      continue;
    }
    cplx X0, Y, X1, Xi, dummy;  // quadratic closure: from its contractions
    point_closure(p, 0.0, X0, Y);
    sig0_[p] = active_stress(P, c, mu[2], 0.0, X0, Y);
    if (!iterate) continue;
    point_closure(p, 1.0, X1, dummy);
    point_closure(p, I, Xi, dummy);
    const cplx s1 = active_stress(P, c, mu[2], 1.0, X1, Y) - 0.25 * P.beta * cfg_.concentration - sig0_[p];
    const cplx si = active_stress(P, c, mu[2], I, Xi, Y) - 0.25 * P.beta * cfg_.concentration * I - sig0_[p];
    sigA_[p] = 0.5 * (s1 - I * si);  // s1 = a + b, si = i (a - b)
    sigB_[p] = 0.5 * (s1 + I * si);
  }
  core::collectively(comm_, [&] {
    if (!problem.empty()) throw core::NumericalError(problem);
  });
  if (iterate && have_prev_velocity_) {  // second-order extrapolation in time as the first guess
    for (std::size_t i = 0; i < uhat_.size(); ++i) {
      const cplx u = uhat_[i];
      uhat_[i] = 2.0 * u - uhat_prev_[i];
      uhat_prev_[i] = u;
    }
  }
  for (std::int64_t it = 1;; ++it) {
    if (iterate) {  // eps of the current guess
      for (std::int64_t a = 0; a < fft_->nkx(); ++a) {
        const double kx = kx_[a];
        for (std::int64_t b = 0; b < n; ++b) {
          const double ky = ky_[b];
          const std::size_t q = static_cast<std::size_t>(a * n + b);
          spec_one_[q] = strain_hat(kx, ky, uhat_[2 * q], uhat_[2 * q + 1]);
        }
      }
      fft_->backward(1, spec_one_.get(), phys_one_.get());
    }
    for (std::size_t p = 0; p < np; ++p) {
      cplx sigma = sig0_[p];
      if (iterate) {
        const cplx eps = phys_one_[p];
        sigma += sigA_[p] * eps + sigB_[p] * std::conj(eps);
      }
      phys_stress_[2 * p] = 0.5 * sigma.real();      // Sigma_11 = -Sigma_22
      phys_stress_[2 * p + 1] = 0.5 * sigma.imag();  // Sigma_12
    }
    fft_->forward(2, phys_stress_.get(), spec_stress_.get());
    double change = 0, size = 0;
    for (std::int64_t a = 0; a < fft_->nkx(); ++a) {
      const double kx = kx_[a];
      for (std::int64_t b = 0; b < n; ++b) {
        const double ky = ky_[b];
        const std::size_t q = static_cast<std::size_t>(a * n + b);
        const double k2 = k2_[q];
        cplx ux = 0, uy = 0;
        if (k2 > 0 && kept_[q]) {
          const cplx s11 = spec_stress_[2 * q] * norm, s12 = spec_stress_[2 * q + 1] * norm;
          const cplx fx = I * (kx * s11 + ky * s12), fy = I * (kx * s12 - ky * s11);
          const cplx kf = (kx * fx + ky * fy) / k2;
          ux = (fx - kx * kf) / (k2 * kappa);
          uy = (fy - ky * kf) / (k2 * kappa);
        }
        change += std::norm(ux - uhat_[2 * q]) + std::norm(uy - uhat_[2 * q + 1]);
        size += std::norm(ux) + std::norm(uy);
        uhat_[2 * q] = ux;
        uhat_[2 * q + 1] = uy;
      }
    }
    ++stokes_total_;
    if (!iterate) break;
    double sums[2] = {change, size};
    MPI_Allreduce(MPI_IN_PLACE, sums, 2, MPI_DOUBLE, MPI_SUM, comm_);
    if (!std::isfinite(sums[0]))
      throw core::NumericalError(fmt::format("the velocity is not finite at t = {:g} (step {})", time_, step_));
    if (sums[0] <= cfg_.stokes_tolerance * cfg_.stokes_tolerance * sums[1]) break;
    if (it >= cfg_.stokes_iterations)
      throw core::NumericalError(fmt::format(
          "the Stokes fixed-point iteration (the beta S:E stress depends on u) did not reach [stokes] tolerance = {:g} "
          "in {} iterations at t = {:g} (step {}): relative change {:.3g}. beta = {:g} is too large for the plain "
          "iteration in this state",
          cfg_.stokes_tolerance, it, time_, step_, std::sqrt(sums[0] / std::max(sums[1], 1e-300)), P.beta));
  }
  if (!have_prev_velocity_) {  // the first solve: the next one starts from this velocity
    uhat_prev_ = uhat_;
    have_prev_velocity_ = true;
  }
  fill_velocity_fields();
}

void Fluid::fill_velocity_fields() {
  const std::int64_t n = cfg_.n;
  for (std::int64_t a = 0; a < fft_->nkx(); ++a) {
    const double kx = kx_[a];
    for (std::int64_t b = 0; b < n; ++b) {
      const double ky = ky_[b];
      const std::size_t q = static_cast<std::size_t>(a * n + b);
      const cplx ux = uhat_[2 * q], uy = uhat_[2 * q + 1];
      spec_vel_[3 * q] = ux + I * uy;
      spec_vel_[3 * q + 1] = strain_hat(kx, ky, ux, uy);
      spec_vel_[3 * q + 2] = I * (kx * uy - ky * ux);
    }
  }
  fft_->backward(3, spec_vel_.get(), phys_vel_.get());
}

void Fluid::rhs() {
  const Parameters& P = cfg_.physics;
  const std::int64_t n = cfg_.n;
  const int H = H_;
  const std::size_t np = fft_->points();
  std::copy(psi_.begin(), psi_.end(), spec_work_.get());
  fft_->backward(H, spec_work_.get(), phys_psi_.get());
  if (cfg_.level == Level::Moments && closure_.has_mu4()) {  // once per step: mu_4 depends on c and mu_2 only
    mu4_.resize(np);
    for (std::size_t p = 0; p < np; ++p) {
      const ModeView mu = view(p);
      const double c = mu[0].real();
      mu4_[p] = c > 0 ? closure_.mu4(c, mu[2]) : cplx(0);  // c <= 0 is reported by velocity()
    }
  }
  velocity();

  const double dx = fft_->dx(), dt = cfg_.dt;
  const double mmax = stride_ * (H - 1);
  double cfl = 0;
  std::string problem;
  for (std::size_t p = 0; p < np; ++p) {
    const cplx* raw = &phys_psi_[p * H];
    const ModeView mu = view(p);
    const cplx* v = &phys_vel_[3 * p];
    const PointFlow f{v[0].real(), v[0].imag(), v[1], v[2].real()};
    const double w = half_vorticity(f);
    const cplx g = rotation_g(f, P.zeta, mu[2]);
    cplx* fx = &phys_flux_[3 * H * p];
    cplx* fy = fx + H;
    cplx* rot = fy + H;
    if (cfg_.level == Level::Kinetic) {
      if (stride_ == 2) {  // apolar: V0 = 0, the flux is u mu_m
        for (int j = 0; j < H; ++j) fx[j] = f.ux * raw[j], fy[j] = f.uy * raw[j];
      } else {
        for (int m = 0; m < H; ++m)
          fluxes(P.v0, f, raw[m], m == 0 ? std::conj(raw[1]) : raw[m - 1], m + 1 < H ? raw[m + 1] : cplx(0), fx[m], fy[m]);
      }
      rotations_kinetic(H, stride_, raw, w, g, rot);
    } else {
      cplx X, Y;
      point_closure(p, f.eps, X, Y);
      const cplx m3[3] = {mu[0], mu[1], mu[2]};
      cplx fx3[3], fy3[3], r3[3];
      fluxes(P.v0, f, m3[0], std::conj(m3[1]), m3[1], fx3[0], fy3[0]);
      fluxes(P.v0, f, m3[1], m3[0], m3[2], fx3[1], fy3[1]);
      fluxes(P.v0, f, m3[2], m3[1], 0.0, fx3[2], fy3[2]);  // mu_3 = 0
      rotations_moments(m3, w, g, P.zeta, X, Y, r3);
      for (int j = 0; j < H; ++j) fx[j] = fx3[stride_ * j], fy[j] = fy3[stride_ * j], rot[j] = r3[stride_ * j];
    }
    const double local =
        dt * ((std::abs(f.ux) + P.v0) / dx + (std::abs(f.uy) + P.v0) / dx + mmax * (std::abs(w) + std::sqrt(std::norm(g))));
    if (!(local <= cfl)) {
      if (!std::isfinite(local) || !std::isfinite(mu[0].real()) || !std::isfinite(mu[2].real())) {
        if (problem.empty())
          problem = fmt::format("the solution is not finite (NaN/Inf in Psi or u) at {}", where(p));
      } else {
        cfl = local;
      }
    }
  }
  core::collectively(comm_, [&] {
    if (!problem.empty()) throw core::NumericalError(problem);
  });
  MPI_Allreduce(&cfl, &cfl_, 1, MPI_DOUBLE, MPI_MAX, comm_);

  fft_->forward(3 * H, phys_flux_.get(), spec_work_.get());
  const double norm = 1.0 / static_cast<double>(n * n);
  for (std::int64_t a = 0; a < fft_->nkx(); ++a) {
    const double kx = kx_[a];
    for (std::int64_t b = 0; b < n; ++b) {
      const double ky = ky_[b];
      const std::size_t q = static_cast<std::size_t>(a * n + b);
      cplx* out = &nl_[q * H];
      if (!kept_[q]) {
        std::fill(out, out + H, cplx(0));
        continue;
      }
      const cplx* F = &spec_work_[3 * H * q];
      for (int m = 0; m < H; ++m) out[m] = (-I * (kx * F[m] + ky * F[H + m]) + F[2 * H + m]) * norm;
    }
  }
}

void Fluid::step() {
  const int H = H_;
  const double dt = cfg_.dt, dtr = cfg_.physics.d_t, drr = cfg_.physics.d_r;
  const bool first = step_ == 0;
  const std::size_t nq = k2_.size();
  for (std::size_t q = 0; q < nq; ++q) {
    cplx* psi = &psi_[q * H];
    cplx* prev = &psi_prev_[q * H];
    const cplx* nl = &nl_[q * H];
    const cplx* nlp = &nl_prev_[q * H];
    if (!kept_[q]) {
      for (int m = 0; m < H; ++m) prev[m] = psi[m], psi[m] = 0;
      continue;
    }
    const double Lk = -dtr * k2_[q];
    for (int m = 0; m < H; ++m) {
      const double mm = stride_ * m;
    const double L = Lk - drr * mm * mm;
      const cplx next = first ? (psi[m] + dt * nl[m]) / (1 - dt * L)
                              : (4.0 * psi[m] - prev[m] + 2 * dt * (2.0 * nl[m] - nlp[m])) / (3 - 2 * dt * L);
      prev[m] = psi[m];
      psi[m] = next;
    }
  }
  std::swap(nl_prev_, nl_);
  ++step_;
  time_ = static_cast<double>(step_) * dt;
  rhs();
  if (cfl_ > cfg_.cfl)
    throw core::NumericalError(fmt::format(
        "CFL number {:.3g} > time.cfl = {:g} at t = {:g} (step {}; max |u| grew): the explicit terms are unstable "
        "at dt = {:g}; rerun with a smaller [time] dt (the output is left marked incomplete)",
        cfl_, cfg_.cfl, time_, step_, dt));
}

std::vector<double> Fluid::measure() const {
  const std::size_t np = fft_->points();
  // Sums: c, |mu2|/c, Re mu2, Im mu2, |mu2|^2, |mu1|/c, Re mu1, Im mu1, |u|^2, ux^4+uy^4, omega^2,
  // then the closure error sums (num, den) x 4.
  enum { C, S, M2R, M2I, M2SQ, PO, M1R, M1I, U2, U4, W2, E0 };
  double sum[E0 + 8] = {};
  double cmin = std::numeric_limits<double>::max(), cmax = -cmin, umax = 0;
  const bool kinetic = cfg_.level == Level::Kinetic;
  for (std::size_t p = 0; p < np; ++p) {
    const ModeView mu = view(p);
    const cplx* v = &phys_vel_[3 * p];
    const double c = mu[0].real();
    sum[C] += c;
    sum[S] += std::abs(mu[2]) / c;
    sum[M2R] += mu[2].real();
    sum[M2I] += mu[2].imag();
    sum[M2SQ] += std::norm(mu[2]);
    sum[PO] += std::abs(mu[1]) / c;
    sum[M1R] += mu[1].real();
    sum[M1I] += mu[1].imag();
    const double ux = v[0].real(), uy = v[0].imag();
    sum[U2] += ux * ux + uy * uy;
    sum[U4] += ux * ux * ux * ux + uy * uy * uy * uy;
    sum[W2] += v[2].real() * v[2].real();
    cmin = std::min(cmin, c), cmax = std::max(cmax, c);
    umax = std::max(umax, std::sqrt(ux * ux + uy * uy));
    if (kinetic) {
      const cplx eps = v[1];
      const cplx Xt = std::conj(eps) * mu[4], Yt = std::conj(mu[2]) * mu[4];
      const double se = std::norm((Xt + eps * c) / 4.0), sd = std::norm(c * mu[2] / 2.0 + (Yt + mu[2] * c) / 4.0);
      int j = 0;
      for (const Closure* cl : {&quadratic_, &bingham_}) {  // [num S:E, den S:E, num S:D, den S:D] each
        cplx X, Y;
        cl->contractions(c, mu[2], eps, X, Y);
        sum[E0 + 4 * j + 0] += std::norm((Xt - X) / 4.0);
        sum[E0 + 4 * j + 1] += se;
        sum[E0 + 4 * j + 2] += std::norm((Yt - Y) / 4.0);
        sum[E0 + 4 * j + 3] += sd;
        ++j;
      }
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, sum, E0 + 8, MPI_DOUBLE, MPI_SUM, comm_);
  MPI_Allreduce(MPI_IN_PLACE, &cmin, 1, MPI_DOUBLE, MPI_MIN, comm_);
  MPI_Allreduce(MPI_IN_PLACE, &cmax, 1, MPI_DOUBLE, MPI_MAX, comm_);
  MPI_Allreduce(MPI_IN_PLACE, &umax, 1, MPI_DOUBLE, MPI_MAX, comm_);
  const double N = static_cast<double>(cfg_.n * cfg_.n);
  for (double& s : sum) s /= N;
  std::vector<double> r(kSeriesWidth, kNaN);
  r[kTime] = time_;
  r[kConcentration] = sum[C];
  r[kConcentrationMin] = cmin;
  r[kConcentrationMax] = cmax;
  r[kNematicOrder] = sum[S];
  r[kNematicGlobal] = std::hypot(sum[M2R], sum[M2I]) / sum[C];
  r[kNematicRms] = std::sqrt(sum[M2SQ]) / sum[C];
  r[kPolarOrder] = sum[PO];
  r[kMeanD] = 0.5 * (sum[C] + sum[M2R]);
  r[kMeanD + 1] = 0.5 * sum[M2I];
  r[kMeanD + 2] = 0.5 * (sum[C] - sum[M2R]);
  r[kMeanN] = sum[M1R];
  r[kMeanN + 1] = sum[M1I];
  r[kKineticEnergy] = 0.5 * sum[U2];
  r[kVelocityRms] = std::sqrt(sum[U2]);
  r[kVelocityMax] = umax;
  r[kVelocityFlatness] = sum[U2] > 0 ? (sum[U4] / 2) / ((sum[U2] / 2) * (sum[U2] / 2)) : kNaN;
  r[kEnstrophy] = 0.5 * sum[W2];
  if (kinetic)
    for (int k = 0; k < 4; ++k) {
      const double num = sum[E0 + 2 * k], den = sum[E0 + 2 * k + 1];
      r[kClosureError + k] = den > 0 ? std::sqrt(num / den) : kNaN;
    }
  r[kCfl] = cfl_;
  return r;
}

std::vector<double> Fluid::energy_spectrum() const {
  const std::int64_t n = cfg_.n;
  std::vector<double> e(static_cast<std::size_t>(n / 2 + 1), 0.0);
  for (std::int64_t a = 0; a < fft_->nkx(); ++a) {
    const std::int64_t kx = fft_->wavenumber(fft_->kx0() + a);
    for (std::int64_t b = 0; b < n; ++b) {
      const std::int64_t ky = fft_->wavenumber(b);
      const auto shell = static_cast<std::size_t>(std::llround(std::sqrt(static_cast<double>(kx * kx + ky * ky))));
      if (shell >= e.size()) continue;
      const std::size_t q = static_cast<std::size_t>(a * n + b);
      e[shell] += 0.5 * (std::norm(uhat_[2 * q]) + std::norm(uhat_[2 * q + 1]));
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, e.data(), static_cast<int>(e.size()), MPI_DOUBLE, MPI_SUM, comm_);
  return e;
}

void Fluid::psi_frame(std::vector<double>& modes, std::vector<double>& u) const {
  const std::size_t np = fft_->points();
  const int all = cfg_.max_mode() + 1;  // every mode 0..M in the file, the unstored ones 0
  modes.assign(2 * np * static_cast<std::size_t>(all), 0.0);
  for (std::size_t p = 0; p < np; ++p) {
    const ModeView mu = view(p);
    for (int m = 0; m < all; ++m) {
      const cplx z = mu[m];
      modes[2 * (p * all + m)] = z.real();
      modes[2 * (p * all + m) + 1] = z.imag();
    }
  }
  u.resize(2 * np);
  for (std::size_t p = 0; p < np; ++p) u[2 * p] = phys_vel_[3 * p].real(), u[2 * p + 1] = phys_vel_[3 * p].imag();
}

FieldFrame Fluid::fields() const {
  const std::size_t np = fft_->points();
  FieldFrame f;
  for (auto* v : {&f.c, &f.Dxx, &f.Dxy, &f.Dyy, &f.order, &f.vorticity}) v->resize(np);
  f.n.resize(2 * np);
  f.u.resize(2 * np);
  for (std::size_t p = 0; p < np; ++p) {
    const ModeView mu = view(p);
    const cplx* v = &phys_vel_[3 * p];
    const double c = mu[0].real();
    f.c[p] = c;
    f.Dxx[p] = 0.5 * (c + mu[2].real());
    f.Dxy[p] = 0.5 * mu[2].imag();
    f.Dyy[p] = 0.5 * (c - mu[2].real());
    f.order[p] = std::abs(mu[2]) / c;
    f.vorticity[p] = v[2].real();
    f.n[2 * p] = mu[1].real();
    f.n[2 * p + 1] = mu[1].imag();
    f.u[2 * p] = v[0].real();
    f.u[2 * p + 1] = v[0].imag();
  }
  return f;
}

}  // namespace noneq::kinetic::active_fluid
