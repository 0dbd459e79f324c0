// Local entropy production σ = Σ_a J_a²/(D_a p) on synthetic fields whose integral is known in
// closed form; tolerances come from the quadrature error of the midpoint rule Σ σ V.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

#include "analysis/grid_epr.hpp"
#include "core/error.hpp"

using namespace noneq::analysis;

namespace {

// Anisotropic Gaussian p = Π_a exp(-x_a²/(2 s_a²)) / (√(2π) s_a) with the current
// J = Ω (−y, x, 0) p + (0, 0, κ z p), constant diagonal D. Then
//   σ = Ω² p (y²/D_x + x²/D_y) + κ² z² p / D_z,
//   ∫σ = Ω² (s_y²/D_x + s_x²/D_y) + κ² s_z² / D_z          (on the whole space).
// Swapping components or diffusion entries changes the answer (s_x ≠ s_y), so indexing is tested.
struct Gaussian {
  int dim;
  std::array<double, 3> s, D;
  double omega, kappa;
  double exact() const {
    const double e = omega * omega * (s[1] * s[1] / D[0] + s[0] * s[0] / D[1]);
    return dim == 3 ? e + kappa * kappa * s[2] * s[2] / D[2] : e;
  }
};

struct Sampled {
  GridSpec grid;
  std::vector<double> p, J, D;
};

// The box [-L s_a, L s_a] per axis with n cells per axis.
Sampled sample(const Gaussian& G, std::int64_t n, double L) {
  std::vector<std::int64_t> cells;
  std::vector<double> lo, hi;
  std::vector<Boundary> bc;
  for (int a = 0; a < G.dim; ++a)
    cells.push_back(n), lo.push_back(-L * G.s[a]), hi.push_back(L * G.s[a]), bc.push_back(Boundary::Reflecting);
  Sampled out{GridSpec::make(cells, lo, hi, bc), {}, {}, {}};
  const GridSpec& g = out.grid;
  const std::size_t dim = static_cast<std::size_t>(G.dim);
  for (std::int64_t k = 0; k < g.n[2]; ++k)
    for (std::int64_t j = 0; j < g.n[1]; ++j)
      for (std::int64_t i = 0; i < g.n[0]; ++i) {
        const double x[3] = {g.center(0, i), G.dim > 1 ? g.center(1, j) : 0.0, G.dim > 2 ? g.center(2, k) : 0.0};
        double p = 1;
        for (int a = 0; a < G.dim; ++a)
          p *= std::exp(-x[a] * x[a] / (2 * G.s[a] * G.s[a])) / (std::sqrt(2 * std::numbers::pi) * G.s[a]);
        out.p.push_back(p);
        const double J[3] = {-G.omega * x[1] * p, G.omega * x[0] * p, G.kappa * x[2] * p};
        for (std::size_t a = 0; a < dim; ++a) out.J.push_back(J[a]), out.D.push_back(G.D[a]);
      }
  return out;
}

}  // namespace

TEST_CASE("integral of sigma for a rotating anisotropic Gaussian matches the closed form", "[analysis][epr]") {
  // Tolerance. Σ σ V is the midpoint rule of ∫σ over the box. Its error has four parts, relative
  // to the exact value (u_a = x_a / s_a, φ the standard normal density):
  //  (1) quadrature: the integrand decays with all its derivatives at the box edges, so
  //      Euler–Maclaurin leaves no power of h; by Poisson summation the error is the aliased
  //      Fourier modes, ~ (1 + (2π s/h)²) exp(−2π² s²/h²) per axis: h = 2 L s / n = s/2 here
  //      (L = 8, n = 32) gives ~ 160 e^{−79} < 1e-30;
  //  (2) the tails outside the box, |u_a| > L: ∫_{|u|>L} u² φ du ≈ 2 φ(L)(L + 1/L) < 1e-13 per axis;
  //  (3) cells with p <= 1e-14 max p, where σ is set to 0: they lie beyond |u|² = R² = 2 ln 1e14
  //      ≈ 64.5, and σ/exact <= |u|² p, whose χ²_k tail is E[|u|²; |u|² > R²] = k P(χ²_{k+2} > R²):
  //      (R² + 2) e^{−R²/2} ≈ 7e-13 in 2D, ≈ 5e-12 in 3D;
  //  (4) round-off of the sum of n^dim terms: < n^dim × 1e-16 ≈ 3e-12 in 3D.
  // The sum is < 1e-11, the tolerance asserted.
  const double tol = 1e-11;
  SECTION("2D") {
    const Gaussian G{2, {1.0, 0.6, 1.0}, {0.5, 1.2, 1.0}, 0.8, 0.0};
    const Sampled s = sample(G, 32, 8.0);
    std::vector<double> sigma(s.p.size());
    const EprFrame f = local_epr(s.grid, s.p, s.J, s.D, kDefaultFloor, sigma);
    INFO("integral " << f.integral << " exact " << G.exact());
    CHECK(std::abs(f.integral - G.exact()) <= tol * G.exact());
    CHECK(f.masked_cells > 0);  // the corners of the box are below the floor
    // σ at one cell from its definition.
    const std::size_t c = 7 * 32 + 20;
    const double want = s.J[2 * c] * s.J[2 * c] / (0.5 * s.p[c]) + s.J[2 * c + 1] * s.J[2 * c + 1] / (1.2 * s.p[c]);
    CHECK(sigma[c] == Approx(want).epsilon(1e-15));
  }
  SECTION("3D") {
    const Gaussian G{3, {1.0, 0.6, 0.8}, {0.5, 1.2, 0.9}, 0.8, 0.3};
    const Sampled s = sample(G, 32, 8.0);
    std::vector<double> sigma(s.p.size());
    const EprFrame f = local_epr(s.grid, s.p, s.J, s.D, kDefaultFloor, sigma);
    INFO("integral " << f.integral << " exact " << G.exact());
    CHECK(std::abs(f.integral - G.exact()) <= tol * G.exact());
  }
}

TEST_CASE("midpoint-rule error of the sigma integral follows Euler-Maclaurin (1D, O(h^2))", "[analysis][epr]") {
  // p = 1 + x on [0, 1], J = c, D = d: σ = (c²/d) f(x) with f = 1/(1 + x), ∫σ = (c²/d) ln 2.
  // Euler–Maclaurin for the midpoint rule M_h of ∫f:
  //   M_h = ∫f − (h²/24)[f']_0^1 + (7h⁴/5760)[f''']_0^1 + O(h⁶),
  // [f'] = 3/4, [f'''] = 45/8. So M_h − ∫σ = −(c²/d)(h²/32) up to (c²/d)(7h⁴/5760)(45/8)(1 + O(h²)).
  const double c = 0.7, d = 0.3, k = c * c / d;
  for (std::int64_t n : {20, 40, 80}) {
    const GridSpec g = GridSpec::make({n}, {0.0}, {1.0}, {Boundary::Absorbing});
    std::vector<double> p, J(static_cast<std::size_t>(n), c), D(static_cast<std::size_t>(n), d), sigma(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) p.push_back(1 + g.center(0, i));
    const EprFrame f = local_epr(g, p, J, D, kDefaultFloor, sigma);
    const double h = g.h[0];
    const double leading = -k * h * h / 32, next = k * 7 * std::pow(h, 4) / 5760 * 45 / 8;
    const double error = f.integral - k * std::log(2.0);
    INFO("n = " << n << ": error " << error << ", leading term " << leading << ", next term " << next);
    CHECK(std::abs(error - leading) <= 1.1 * next + 1e-15);
    CHECK(f.masked_cells == 0);
  }
}

TEST_CASE("cells at or below the density floor get sigma = 0 and are counted", "[analysis][epr]") {
  const GridSpec g = GridSpec::make({5}, {0.0}, {2.5}, {Boundary::Reflecting});  // V = 0.5
  const std::vector<double> p{1.0, 1e-15, -1e-9, 0.0, 0.5}, J{0.5, 1.0, 1.0, 1.0, -0.5}, D(5, 2.0);
  std::vector<double> sigma(5, -1.0);
  const EprFrame f = local_epr(g, p, J, D, 1e-14, sigma);
  CHECK(f.threshold == 1e-14);
  CHECK(sigma == std::vector<double>{0.125, 0.0, 0.0, 0.0, 0.25});
  CHECK(f.integral == (0.125 + 0.25) * 0.5);
  CHECK(f.masked_cells == 3);
  CHECK(f.masked_mass == Approx((1e-15 - 1e-9) * 0.5).epsilon(1e-12));
  // floor = 0: only p <= 0 is excluded.
  const EprFrame f0 = local_epr(g, p, J, D, 0.0, sigma);
  CHECK(f0.masked_cells == 2);
  CHECK(sigma[1] == Approx(1.0 / (2.0 * 1e-15)));
  CHECK(density_floor(p, 0.5) == 0.5);
}

TEST_CASE("sigma refuses undefined inputs and accepts D = 0 where J = 0", "[analysis][epr]") {
  const GridSpec g = GridSpec::make({2, 1}, {0.0, 0.0}, {1.0, 1.0}, {Boundary::Reflecting, Boundary::Reflecting});
  std::vector<double> sigma(2);
  // D_y = 0 with J_y = 0 everywhere: degenerate but defined.
  const EprFrame ok = local_epr(g, std::vector<double>{1.0, 2.0}, std::vector<double>{1.0, 0.0, 2.0, 0.0},
                                std::vector<double>{0.5, 0.0, 0.5, 0.0}, kDefaultFloor, sigma);
  CHECK(sigma == std::vector<double>{2.0, 4.0});
  CHECK(ok.integral == 6.0 * 0.5);
  // D_y = 0 with J_y != 0: undefined.
  CHECK_THROWS_AS(local_epr(g, std::vector<double>{1.0, 2.0}, std::vector<double>{1.0, 0.1, 2.0, 0.0},
                            std::vector<double>{0.5, 0.0, 0.5, 0.0}, kDefaultFloor, sigma),
                  noneq::core::InputError);
  CHECK_THROWS_AS(local_epr(g, std::vector<double>{1.0, NAN}, std::vector<double>(4, 1.0), std::vector<double>(4, 1.0),
                            kDefaultFloor, sigma),
                  noneq::core::InputError);
  CHECK_THROWS_AS(local_epr(g, std::vector<double>{1.0, 1.0}, std::vector<double>{1.0, INFINITY, 1.0, 1.0},
                            std::vector<double>(4, 1.0), kDefaultFloor, sigma),
                  noneq::core::InputError);
  // Wrong sizes are a programming error, not bad input.
  CHECK_THROWS_AS(local_epr(g, std::vector<double>{1.0}, std::vector<double>(4, 1.0), std::vector<double>(4, 1.0),
                            kDefaultFloor, sigma),
                  std::invalid_argument);
}
