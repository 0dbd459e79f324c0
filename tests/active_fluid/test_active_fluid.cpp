// Unit tests of noneq-active-fluid's closures and mode-space formulas, each against an independent
// computation: Boost's Bessel functions, the numbers of VALIDATION.md, and quadratures over theta of
// the distribution itself (tensors D, S built from p p and p p p p, then contracted directly).
#include <catch2/catch.hpp>

#include <array>
#include <boost/math/special_functions/bessel.hpp>
#include <cmath>
#include <fstream>
#include <numbers>
#include <vector>

#include "core/error.hpp"
#include "analysis/closure_fit.hpp"
#include "kinetic/active_fluid/closure.hpp"
#include "kinetic/active_fluid/config.hpp"
#include "kinetic/active_fluid/model.hpp"

using namespace noneq::kinetic::active_fluid;
using Catch::Matchers::Contains;

namespace {

constexpr double kPi = std::numbers::pi;
using Mat = std::array<std::array<double, 2>, 2>;
using Tensor4 = std::array<std::array<std::array<std::array<double, 2>, 2>, 2>, 2>;

// Quadrature (periodic trapezoid: exact for trigonometric polynomials below the point count).
struct Moments {
  double c = 0;
  Mat D{};
  Tensor4 S{};
  std::vector<cplx> mu;  // mu_m = int e^{i m theta} Psi
};

template <class Psi>
Moments quadrature(Psi&& psi, int modes, int points = 4096) {
  Moments m;
  m.mu.assign(static_cast<std::size_t>(modes), 0);
  const double h = 2 * kPi / points;
  for (int j = 0; j < points; ++j) {
    const double th = j * h, w = psi(th) * h;
    const double p[2] = {std::cos(th), std::sin(th)};
    m.c += w;
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b) {
        m.D[a][b] += w * p[a] * p[b];
        for (int k = 0; k < 2; ++k)
          for (int l = 0; l < 2; ++l) m.S[a][b][k][l] += w * p[a] * p[b] * p[k] * p[l];
      }
    for (int q = 0; q < modes; ++q) m.mu[q] += w * std::polar(1.0, q * th);
  }
  return m;
}

cplx encode(const Mat& A) { return cplx(A[0][0] - A[1][1], 2 * A[0][1]); }  // traceless part
Mat contract(const Tensor4& S, const Mat& E) {
  Mat r{};
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      for (int k = 0; k < 2; ++k)
        for (int l = 0; l < 2; ++l) r[a][b] += S[a][b][k][l] * E[k][l];
  return r;
}
Mat product(const Mat& A, const Mat& B) {
  Mat r{};
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      for (int k = 0; k < 2; ++k) r[a][b] += A[a][k] * B[k][b];
  return r;
}

// A velocity gradient (d_j u_i) = [[a, b], [c, -a]] (incompressible) as the solver sees it.
struct Gradient {
  double a, b, c;
  Mat grad() const { return Mat{{{a, b}, {c, -a}}}; }
  Mat strain() const { return Mat{{{a, 0.5 * (b + c)}, {0.5 * (b + c), -a}}}; }
  PointFlow flow() const { return PointFlow{0, 0, cplx(2 * a, b + c), c - b}; }
};

}  // namespace

TEST_CASE("Bessel ratios agree with Boost's I_nu", "[active_fluid][closure]") {
  for (double b : {1e-3, 0.3, 1.0, 4.0, 25.0, 300.0})
    for (int nu : {1, 2, 3}) {
      const double ref = b < 700 ? boost::math::cyl_bessel_i(nu, b) / boost::math::cyl_bessel_i(nu - 1, b) : 0;
      INFO("b = " << b << ", nu = " << nu);
      CHECK(bingham::bessel_ratio(nu, b) == Approx(ref).epsilon(1e-13));
    }
  // Inversion: s(b(s)) = s.
  for (double s : {1e-6, 0.1, 0.5, 0.9, 0.999})
    CHECK(bingham::order_of(bingham::parameter_of(s)) == Approx(s).epsilon(1e-14));
}

TEST_CASE("2D Bingham values of VALIDATION.md", "[active_fluid][closure]") {
  // lambda_1 = 0.75 -> b = 1.159320, S'1111 = 0.642178, S'1122 = 0.107822 (quoted to 6 decimals).
  CHECK(std::abs(bingham::parameter_of(0.5) - 1.159320) < 5e-7);
  CHECK(std::abs(bingham::s1111(0.75) - 0.642178) < 5e-7);
  CHECK(std::abs(bingham::s1122(0.75) - 0.107822) < 5e-7);
  // r = I2/I0 = 1 - 2 s/b (Bessel recurrence), an independent formula.
  for (double s : {0.2, 0.5, 0.8, 0.95}) {
    const double b = bingham::parameter_of(s);
    CHECK(bingham::r_exact(s) == Approx(1 - 2 * s / b).epsilon(1e-12));
  }
}

TEST_CASE("The piecewise Chebyshev Bingham closure matches the exact inversion", "[active_fluid][closure]") {
  const Closure cl = Closure::bingham();
  // Interpolation error measured at 1.2e-14 over 20000 points; 5e-14 allows for the evaluation order.
  double worst = 0;
  for (int i = 1; i < 5000; ++i) {
    const double s = 0.99999 * i / 5000.0;
    worst = std::max(worst, std::abs(cl.h(s * s) - bingham::r_exact(s) / (s * s)));
  }
  CHECK(worst < 5e-14);
  CHECK(cl.h(0) == Approx(0.5).epsilon(1e-13));  // r ~ s^2/2 at isotropy
  CHECK(cl.h(1) == Approx(1.0).epsilon(1e-13));  // perfect alignment
}

TEST_CASE("Bingham contractions equal quadratures of the von Mises distribution", "[active_fluid][closure]") {
  const double b = 1.7, th0 = 0.4, c = 1.3;
  double Z = 0;
  const int P = 4096;
  for (int j = 0; j < P; ++j) Z += std::exp(b * std::cos(2 * (2 * kPi * j / P - th0))) * 2 * kPi / P;
  const Moments m = quadrature([&](double th) { return c * std::exp(b * std::cos(2 * (th - th0))) / Z; }, 5);
  const Gradient G{0.3, -0.9, 0.5};
  const Mat E = G.strain();
  const cplx eps = G.flow().eps;
  cplx X, Y;
  Closure::bingham().contractions(m.c, m.mu[2], eps, X, Y);
  CHECK(std::abs((X + eps * m.c) / 4.0 - encode(contract(m.S, E))) < 1e-12);
  const cplx SD = m.c * m.mu[2] / 2.0 + (Y + m.mu[2] * m.c) / 4.0;
  CHECK(std::abs(SD - encode(contract(m.S, m.D))) < 1e-12);
  // And mu_4 itself.
  CHECK(std::abs(Closure::bingham().mu4(m.c, m.mu[2]) - m.mu[4]) < 1e-12);
}

TEST_CASE("Quadratic closure contractions equal DD/c contracted directly", "[active_fluid][closure]") {
  const Moments m = quadrature([](double th) { return 1.1 + 0.4 * std::cos(2 * th - 0.3) + 0.2 * std::cos(4 * th + 1); }, 5);
  Tensor4 S{};
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      for (int k = 0; k < 2; ++k)
        for (int l = 0; l < 2; ++l) S[a][b][k][l] = m.D[a][b] * m.D[k][l] / m.c;
  const Gradient G{-0.2, 0.7, 0.1};
  const cplx eps = G.flow().eps;
  cplx X, Y;
  Closure::quadratic().contractions(m.c, m.mu[2], eps, X, Y);
  CHECK(std::abs((X + eps * m.c) / 4.0 - encode(contract(S, G.strain()))) < 1e-13);
  CHECK(std::abs(m.c * m.mu[2] / 2.0 + (Y + m.mu[2] * m.c) / 4.0 - encode(contract(S, m.D))) < 1e-13);
}

TEST_CASE("Mode-space rotation and flux terms equal quadratures of the kinetic equation", "[active_fluid][model]") {
  // Psi with modes up to 6, a velocity gradient and alignment: R_m = i m int e^{i m theta} thetadot Psi
  // with thetadot = p_perp.(grad u + 2 zeta D).p, by quadrature; fluxes int e^{i m theta} p Psi.
  auto psi = [](double th) {
    return 0.9 + 0.3 * std::cos(th - 0.2) + 0.25 * std::cos(2 * th + 0.7) + 0.1 * std::sin(3 * th) +
           0.07 * std::cos(4 * th - 1.1) + 0.03 * std::sin(6 * th + 0.4);
  };
  const int H = 12;  // modes 7..11 are zero: the truncation is exact here
  const Moments m = quadrature(psi, H + 2);
  const Gradient G{0.4, -1.3, 0.6};
  const double zeta = 0.35;
  Mat Gm = G.grad();
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b) Gm[a][b] += 2 * zeta * m.D[a][b];
  auto thetadot = [&](double th) {
    const double p[2] = {std::cos(th), std::sin(th)}, q[2] = {-std::sin(th), std::cos(th)};
    double r = 0;
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b) r += q[a] * Gm[a][b] * p[b];
    return r;
  };
  const int P = 4096;
  std::vector<cplx> R(H, 0), Fx(H, 0), Fy(H, 0);
  for (int j = 0; j < P; ++j) {
    const double th = 2 * kPi * j / P, w = psi(th) * 2 * kPi / P;
    for (int q = 0; q < H; ++q) {
      R[q] += cplx(0, q) * std::polar(1.0, q * th) * thetadot(th) * w;
      Fx[q] += std::polar(1.0, q * th) * std::cos(th) * w;
      Fy[q] += std::polar(1.0, q * th) * std::sin(th) * w;
    }
  }
  const PointFlow f = G.flow();
  std::vector<cplx> mu(m.mu.begin(), m.mu.begin() + H), rot(H);
  rotations_kinetic(H, 1, mu.data(), half_vorticity(f), rotation_g(f, zeta, mu[2]), rot.data());
  for (int q = 0; q < H; ++q) {
    INFO("mode " << q);
    CHECK(std::abs(rot[q] - R[q]) < 1e-12);
    cplx fx, fy;
    const cplx below = q == 0 ? std::conj(mu[1]) : mu[q - 1], above = q + 1 < H ? mu[q + 1] : cplx(0);
    fluxes(1.0, PointFlow{}, mu[q], below, above, fx, fy);
    CHECK(std::abs(fx - Fx[q]) < 1e-12);
    CHECK(std::abs(fy - Fy[q]) < 1e-12);
  }
}

TEST_CASE("The moment model's D equation is VALIDATION.md's tensor equation", "[active_fluid][model]") {
  // d_t D (rotational part) = grad u.D + D.grad u^T - 2 S:E + 4 zeta (D.D - S:D), with S from each
  // closure built as a tensor (quadratic) or by quadrature of the distribution (Bingham): the
  // traceless part must equal R_2 of rotations_moments.
  const Gradient G{0.25, 0.8, -0.45};
  const double zeta = 0.6;
  const Mat g = G.grad(), E = G.strain();
  const PointFlow f = G.flow();
  auto check = [&](const Mat& D, double c, const Tensor4& S, const Closure& cl) {
    const cplx mu2 = encode(D);
    Mat rhs{};
    const Mat gD = product(g, D), SE = contract(S, E), SD = contract(S, D), DD = product(D, D);
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b) rhs[a][b] = gD[a][b] + gD[b][a] - 2 * SE[a][b] + 4 * zeta * (DD[a][b] - SD[a][b]);
    cplx X, Y, rot[3];
    cl.contractions(c, mu2, f.eps, X, Y);
    const cplx mu[3] = {c, 0, mu2};
    rotations_moments(mu, half_vorticity(f), rotation_g(f, zeta, mu2), zeta, X, Y, rot);
    CHECK(std::abs(rot[2] - encode(rhs)) < 1e-12);
    CHECK(std::abs(rhs[0][0] + rhs[1][1]) < 1e-12);  // c is not changed by rotation
  };
  {
    const Moments m = quadrature([](double th) { return 1.0 + 0.5 * std::cos(2 * th - 0.9); }, 5);
    Tensor4 S{};
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b)
        for (int k = 0; k < 2; ++k)
          for (int l = 0; l < 2; ++l) S[a][b][k][l] = m.D[a][b] * m.D[k][l] / m.c;
    check(m.D, m.c, S, Closure::quadratic());
  }
  {
    const double b = 2.3, th0 = -0.7;
    const Moments m = quadrature([&](double th) { return std::exp(b * std::cos(2 * (th - th0))); }, 5);
    check(m.D, m.c, m.S, Closure::bingham());
  }
}

TEST_CASE("Active stress equals the tensor formula", "[active_fluid][model]") {
  // Sigma = alpha (D - cI/2) + beta S:E - 2 zeta beta (D.D - S:D), traceless part.
  const Moments m = quadrature([](double th) { return 0.8 + 0.3 * std::cos(2 * th + 0.5) + 0.2 * std::cos(4 * th - 0.3); }, 5);
  const Gradient G{0.15, -0.4, 0.9};
  Parameters P;
  P.alpha = -1.3, P.beta = 0.7, P.zeta = 0.45;
  const Mat SE = contract(m.S, G.strain()), SD = contract(m.S, m.D), DD = product(m.D, m.D);
  Mat sigma{};
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      sigma[a][b] = P.alpha * (m.D[a][b] - (a == b ? m.c / 2 : 0)) + P.beta * SE[a][b] -
                    2 * P.zeta * P.beta * (DD[a][b] - SD[a][b]);
  const cplx eps = G.flow().eps;
  const cplx X = std::conj(eps) * m.mu[4], Y = std::conj(m.mu[2]) * m.mu[4];
  CHECK(std::abs(active_stress(P, m.c, m.mu[2], eps, X, Y) - encode(sigma)) < 1e-12);
}

TEST_CASE("Tabulated closure: Bingham round trip and malformed tables", "[active_fluid][closure]") {
  std::vector<double> l, q;
  for (int i = 0; i <= 60; ++i) {
    const double lambda = 0.5 + 0.49 * i / 60.0;
    l.push_back(lambda);
    q.push_back(bingham::s1111(lambda));
  }
  const Closure t = Closure::table_from(l, q, "test");
  const Closure b = Closure::bingham();
  // PCHIP is at least second order: error <= C (dt)^2 with dt ~ 1/60 in t = s^2; 1e-3 of h ~ 0.5-1.
  double worst = 0;
  for (int i = 1; i < 500; ++i) {
    const double s = 0.98 * i / 500.0;
    worst = std::max(worst, std::abs(t.h(s * s) - b.h(s * s)));
  }
  CHECK(worst < 1e-3);
  CHECK(t.table_s_max() == Approx(0.98));
  auto bad = [&](std::vector<double> ll, std::vector<double> qq, const char* what) {
    CHECK_THROWS_WITH(Closure::table_from(ll, qq, "tab"), Contains(what));
  };
  bad({0.5, 0.6, 0.55, 0.7, 0.8}, {0.375, 0.45, 0.4, 0.55, 0.68}, "must increase strictly");
  bad({0.4, 0.6, 0.7, 0.8, 0.9}, {0.2, 0.45, 0.55, 0.68, 0.82}, "outside [0.5, 1]");
  bad({0.5, 0.6, 0.7, 0.8, 0.9}, {0.375, 0.45, 0.75, 0.68, 0.82}, "not the moment of any distribution");
  bad({0.5, 0.6, 0.7}, {0.375, 0.45, 0.55}, "at least 4 points");
  bad({0.5, 0.6, 0.7, 0.8}, {0.375, 0.45, 0.55}, "has 4 values but `S1111` has 3");
  CHECK_THROWS_WITH(Closure::table("/nonexistent/table.h5", "deck.ini", "[model] closure_table"),
                    Contains("no such file"));
  {
    std::ofstream("not_hdf5.txt") << "lambda1 S1111\n";
  }
  CHECK_THROWS_WITH(Closure::table("not_hdf5.txt", "deck.ini", "[model] closure_table"), Contains("not an HDF5 file"));
}

TEST_CASE("FFT-friendly grid sizes", "[active_fluid][config]") {
  for (std::int64_t n : {8, 64, 96, 128, 210, 1024}) CHECK(fft_friendly(n));
  for (std::int64_t n : {22, 26, 2 * 11 * 3, 1018}) CHECK_FALSE(fft_friendly(n));
}

TEST_CASE("Closure fit: Bingham points spread over every bin give back Bingham's h", "[active_fluid][closure]") {
  // 200 points per lambda_1 bin (40 bins), each an exact Bingham moment set at a random director
  // angle; the fitted table must reproduce h(s^2) of Bingham at its abscissae. The least-squares h of a
  // bin is a weighted mean of h over the bin: off by O(bin width^2 h''), measured 7e-5 in the first
  // bin and 5.5e-4 at most (the last bins, where h curves most), against 0.17 in the first bin when
  // r and s were averaged separately.
  noneq::analysis::ClosureBins bins(40);
  const Closure b = Closure::bingham();
  for (int k = 0; k < 40; ++k)
    for (int j = 0; j < 200; ++j) {
      const double lambda1 = 0.5 + 0.5 * (k + (j + 0.5) / 200.0) / 40.0;
      const double s = std::min(2 * lambda1 - 1, 0.999), phi = 0.7 * j + 0.3 * k, c = 1.0 + 0.1 * (j % 3);
      const cplx mu2 = c * s * std::polar(1.0, 2 * phi);
      bins.add(c, mu2, b.mu4(c, mu2));
    }
  noneq::analysis::ClosureFitReport rep;
  bins.table(1, rep);
  REQUIRE(rep.lambda1.size() == 41);  // the isotropic anchor and 40 bins
  const Closure t = Closure::table_from(rep.lambda1, rep.s1111, "fit");
  double worst = 0;
  for (std::size_t i = 1; i < rep.lambda1.size(); ++i) {
    const double s = 2 * rep.lambda1[i] - 1;
    worst = std::max(worst, std::abs(t.h(s * s) - b.h(s * s)));
  }
  CHECK(worst < 1e-3);
  CHECK(std::abs(t.h(1e-6) - 0.5) < 1e-3);  // the first bin no longer carries the 4/3 bias
}
