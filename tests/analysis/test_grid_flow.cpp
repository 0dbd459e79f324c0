// Probability-flow velocity and the 2D Helmholtz–Hodge decomposition on manufactured fields.
// Convergence tests assert the observed order between grids h and h/2 (1.8..2.2 for the O(h²)
// discretisation), not hand-tuned absolute tolerances; algebraic identities (the Poisson solve
// inverts the 5-point Laplacian) are checked to round-off.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <numbers>
#include <vector>

#include "analysis/grid_flow.hpp"
#include "core/error.hpp"

using namespace noneq::analysis;
using Catch::Matchers::WithinAbs;

namespace {

constexpr double pi = std::numbers::pi;

GridSpec box(std::int64_t nx, std::int64_t ny, double Lx, double Ly, Boundary bx, Boundary by) {
  return GridSpec::make({nx, ny}, {0.0, 0.0}, {Lx, Ly}, {bx, by});
}

// A scalar field with its gradient: f(x, y) -> {f, f_x, f_y}.
using Field = std::function<std::array<double, 3>(double, double)>;

struct Errors {
  double psi = 0, rot = 0, grad = 0, fraction = 0;
  std::array<double, 2> harmonic{0, 0};
};

// J = ∇⊥ψ + ∇φ + H sampled at the cell centres; decomposes it and returns the L2 errors
// (Σ |e|² V)^{1/2} of ψ, J_rot against ∇⊥ψ and J_grad against ∇φ.
Errors decompose_error(const GridSpec& g, const Field& psi, const Field& phi, std::array<double, 2> H = {0, 0}) {
  const std::size_t cells = static_cast<std::size_t>(g.cells());
  std::vector<double> J(2 * cells), rot(2 * cells), grad(2 * cells), ps(cells);
  for (std::int64_t j = 0; j < g.n[1]; ++j)
    for (std::int64_t i = 0; i < g.n[0]; ++i) {
      const std::size_t c = static_cast<std::size_t>(j * g.n[0] + i);
      const double x = g.center(0, i), y = g.center(1, j);
      const auto s = psi(x, y), f = phi(x, y);
      ps[c] = s[0];
      rot[2 * c] = s[2], rot[2 * c + 1] = -s[1];
      grad[2 * c] = f[1], grad[2 * c + 1] = f[2];
      J[2 * c] = rot[2 * c] + grad[2 * c] + H[0];
      J[2 * c + 1] = rot[2 * c + 1] + grad[2 * c + 1] + H[1];
    }
  HodgeDecomposition hodge(g);
  const HodgeParts parts = hodge.decompose(J);
  Errors e;
  const double V = g.cell_volume();
  for (std::size_t c = 0; c < cells; ++c) {
    e.psi += (parts.psi[c] - ps[c]) * (parts.psi[c] - ps[c]) * V;
    for (std::size_t a = 0; a < 2; ++a) {
      e.rot += std::pow(parts.J_rot[2 * c + a] - rot[2 * c + a], 2) * V;
      e.grad += std::pow(parts.J_grad[2 * c + a] - grad[2 * c + a], 2) * V;
    }
  }
  e.psi = std::sqrt(e.psi), e.rot = std::sqrt(e.rot), e.grad = std::sqrt(e.grad);
  e.fraction = parts.divergent_fraction;
  e.harmonic = parts.harmonic;
  return e;
}

double order(double coarse, double fine) { return std::log2(coarse / fine); }

const double Lx = 2.0, Ly = 1.5;
// ψ = 0 on the walls of [0, Lx] × [0, Ly]. The sine is the classic manufactured solution (and an
// eigenvector of the discrete Laplacian); the polynomial-exponential has no symmetry about the
// walls, so it also tests the one-sided vorticity and the ghost cells there.
const Field psi_sine = [](double x, double y) -> std::array<double, 3> {
  const double sx = std::sin(pi * x / Lx), cx = std::cos(pi * x / Lx);
  const double sy = std::sin(pi * y / Ly), cy = std::cos(pi * y / Ly);
  return {sx * sy, pi / Lx * cx * sy, pi / Ly * sx * cy};
};
const Field psi_poly = [](double x, double y) -> std::array<double, 3> {
  const double a = x * (Lx - x), b = y * (Ly - y), e = std::exp(x + 0.5 * y);
  return {a * b * e, ((Lx - 2 * x) + a) * b * e, a * ((Ly - 2 * y) + 0.5 * b) * e};
};
const Field phi_wave = [](double x, double y) -> std::array<double, 3> {
  const double c = std::cos(2 * x + y), s = std::sin(2 * x + y), e = std::exp(0.5 * y);
  return {c * e, -2 * s * e, (-s + 0.5 * c) * e};
};
const Field zero = [](double, double) -> std::array<double, 3> { return {0, 0, 0}; };

}  // namespace

TEST_CASE("flow velocity is J/p above the density floor and 0 (invalid) below", "[analysis][flow]") {
  const GridSpec g = GridSpec::make({5}, {0.0}, {1.0}, {Boundary::Reflecting});
  const std::vector<double> p{2.0, 1e-15, -1e-9, 0.0, 0.5}, J{1.0, 3.0, 4.0, 5.0, -0.25};
  std::vector<double> v(5);
  std::vector<std::uint8_t> valid(5);
  const VelocityFrame f = flow_velocity(g, p, J, 1e-14, v, valid);
  CHECK(f.threshold == 2e-14);
  CHECK(f.valid_cells == 2);
  CHECK(v == std::vector<double>{0.5, 0.0, 0.0, 0.0, -0.5});
  CHECK(valid == std::vector<std::uint8_t>{1, 0, 0, 0, 1});
  // With floor 0 only non-positive densities are excluded.
  flow_velocity(g, p, J, 0.0, v, valid);
  CHECK(v[1] == 3.0 / 1e-15);
  CHECK(valid == std::vector<std::uint8_t>{1, 1, 0, 0, 1});
  // 2D: both components divided by the same p.
  const GridSpec g2 = box(2, 1, 1, 1, Boundary::Periodic, Boundary::Periodic);
  std::vector<double> v2(4);
  std::vector<std::uint8_t> valid2(2);
  flow_velocity(g2, std::vector<double>{4.0, 1.0}, std::vector<double>{1.0, -2.0, 3.0, 0.5}, 1e-14, v2, valid2);
  CHECK(v2 == std::vector<double>{0.25, -0.5, 3.0, 0.5});
  std::vector<double> bad{1.0, NAN, 1.0, 1.0, 1.0};
  CHECK_THROWS_AS(flow_velocity(g, bad, J, 1e-14, v, valid), noneq::core::InputError);
}

TEST_CASE("Poisson solve inverts the 5-point Laplacian for every boundary combination", "[analysis][flow]") {
  // Applies the 5-point Laplacian (ghost -ψ at wall faces, wrap on periodic axes) to the solution:
  // it must reproduce the right-hand side to round-off (minus its mean on a doubly periodic grid).
  for (auto [bx, by] : {std::pair{Boundary::Reflecting, Boundary::Absorbing},
                        std::pair{Boundary::Periodic, Boundary::Reflecting},
                        std::pair{Boundary::Reflecting, Boundary::Periodic},
                        std::pair{Boundary::Periodic, Boundary::Periodic}}) {
    const std::int64_t nx = 13, ny = 8;  // odd and even sizes
    const GridSpec g = box(nx, ny, 1.3, 0.7, bx, by);
    std::vector<double> rhs(static_cast<std::size_t>(nx * ny)), psi(rhs.size());
    for (std::size_t c = 0; c < rhs.size(); ++c) rhs[c] = std::sin(1.7 * static_cast<double>(c)) + 0.3;
    HodgeDecomposition h(g);
    h.solve_poisson(rhs, psi);
    const bool doubly = g.periodic(0) && g.periodic(1);
    double mean = 0;
    for (double r : rhs) mean += r / static_cast<double>(rhs.size());
    auto at = [&](std::int64_t i, std::int64_t j) {
      double sign = 1;
      for (int a = 0; a < 2; ++a) {
        std::int64_t& k = a == 0 ? i : j;
        const std::int64_t n = g.n[a];
        if (k >= 0 && k < n) continue;
        if (g.periodic(a)) k = (k + n) % n;
        else k = k < 0 ? 0 : n - 1, sign = -sign;  // ψ = 0 on the wall face
      }
      return sign * psi[static_cast<std::size_t>(j * nx + i)];
    };
    double worst = 0, psi_mean = 0;
    for (std::int64_t j = 0; j < ny; ++j)
      for (std::int64_t i = 0; i < nx; ++i) {
        const double lap = (at(i + 1, j) - 2 * at(i, j) + at(i - 1, j)) / (g.h[0] * g.h[0]) +
                           (at(i, j + 1) - 2 * at(i, j) + at(i, j - 1)) / (g.h[1] * g.h[1]);
        const double want = rhs[static_cast<std::size_t>(j * nx + i)] - (doubly ? mean : 0.0);
        worst = std::max(worst, std::abs(lap - want));
        psi_mean += at(i, j) / static_cast<double>(nx * ny);
      }
    INFO("boundaries " << boundary_name(bx) << ", " << boundary_name(by));
    CHECK(worst < 1e-11);
    if (doubly) CHECK(std::abs(psi_mean) < 1e-14);
  }
}

TEST_CASE("Hodge decomposition recovers a manufactured stream function at second order (walls)", "[analysis][flow]") {
  for (const auto& [name, psi] : {std::pair{"sine", psi_sine}, std::pair{"polynomial-exponential", psi_poly}}) {
    for (const auto& [phi_name, phi] : {std::pair{"no gradient part", zero}, std::pair{"gradient part", phi_wave}}) {
      const Errors coarse = decompose_error(box(32, 24, Lx, Ly, Boundary::Reflecting, Boundary::Absorbing), psi, phi);
      const Errors fine = decompose_error(box(64, 48, Lx, Ly, Boundary::Reflecting, Boundary::Absorbing), psi, phi);
      INFO(name << ", " << phi_name << ": J_rot errors " << coarse.rot << " -> " << fine.rot << ", psi errors "
                << coarse.psi << " -> " << fine.psi << ", J_grad errors " << coarse.grad << " -> " << fine.grad);
      CHECK(order(coarse.rot, fine.rot) > 1.8);
      CHECK(order(coarse.rot, fine.rot) < 2.2);
      CHECK(order(coarse.psi, fine.psi) > 1.8);
      CHECK(order(coarse.psi, fine.psi) < 2.2);
      CHECK(order(coarse.grad, fine.grad) > 1.8);
      CHECK(order(coarse.grad, fine.grad) < 2.2);
      CHECK(coarse.harmonic == std::array<double, 2>{0, 0});  // no periodic axis
    }
  }
}

TEST_CASE("Hodge decomposition on periodic axes: torus and channel, with a harmonic current", "[analysis][flow]") {
  // Torus: ψ, φ periodic on [0, Lx] × [0, Ly]; channel: periodic in x, ψ = 0 on the y walls.
  const Field psi_torus = [](double x, double y) -> std::array<double, 3> {
    const double kx = 2 * pi / Lx, ky = 2 * pi / Ly, e = std::exp(std::sin(kx * x));
    return {std::sin(kx * x) * std::cos(ky * y) + 0.3 * std::cos(ky * y) * e,
            kx * std::cos(kx * x) * std::cos(ky * y) + 0.3 * std::cos(ky * y) * e * kx * std::cos(kx * x),
            -ky * std::sin(kx * x) * std::sin(ky * y) - 0.3 * ky * std::sin(ky * y) * e};
  };
  const Field phi_torus = [](double x, double y) -> std::array<double, 3> {
    const double kx = 2 * pi / Lx, ky = 2 * pi / Ly, s = std::sin(kx * x + ky * y);
    return {std::cos(kx * x + ky * y), -kx * s, -ky * s};
  };
  const Field psi_channel = [](double x, double y) -> std::array<double, 3> {
    const double c = 1 + 0.5 * std::sin(2 * pi * x / Lx), cx = 0.5 * 2 * pi / Lx * std::cos(2 * pi * x / Lx);
    const double s = y * std::sin(pi * y / Ly), sy = std::sin(pi * y / Ly) + y * pi / Ly * std::cos(pi * y / Ly);
    return {c * s, cx * s, c * sy};
  };
  const std::array<double, 2> H{0.7, -0.4};
  SECTION("torus") {
    const Errors coarse = decompose_error(box(32, 24, Lx, Ly, Boundary::Periodic, Boundary::Periodic), psi_torus, phi_torus, H);
    const Errors fine = decompose_error(box(64, 48, Lx, Ly, Boundary::Periodic, Boundary::Periodic), psi_torus, phi_torus, H);
    INFO("J_rot errors " << coarse.rot << " -> " << fine.rot << ", J_grad errors " << coarse.grad << " -> " << fine.grad);
    CHECK(order(coarse.rot, fine.rot) > 1.8);
    CHECK(order(coarse.rot, fine.rot) < 2.2);
    CHECK(order(coarse.grad, fine.grad) > 1.8);
    CHECK(order(coarse.grad, fine.grad) < 2.2);
    // The midpoint mean of a smooth periodic derivative vanishes to round-off: H is exact.
    CHECK_THAT(fine.harmonic[0], WithinAbs(H[0], 1e-12));
    CHECK_THAT(fine.harmonic[1], WithinAbs(H[1], 1e-12));
  }
  SECTION("channel") {
    // φ periodic in x, any y dependence.
    const Errors coarse = decompose_error(box(32, 24, Lx, Ly, Boundary::Periodic, Boundary::Reflecting), psi_channel, phi_torus, {H[0], 0});
    const Errors fine = decompose_error(box(64, 48, Lx, Ly, Boundary::Periodic, Boundary::Reflecting), psi_channel, phi_torus, {H[0], 0});
    INFO("J_rot errors " << coarse.rot << " -> " << fine.rot << ", J_grad errors " << coarse.grad << " -> " << fine.grad
                         << ", H_x " << coarse.harmonic[0] << " -> " << fine.harmonic[0]);
    CHECK(order(coarse.rot, fine.rot) > 1.8);
    CHECK(order(coarse.rot, fine.rot) < 2.2);
    CHECK(order(coarse.grad, fine.grad) > 1.8);
    CHECK(order(coarse.grad, fine.grad) < 2.2);
    CHECK(fine.harmonic[1] == 0.0);  // y has walls: no harmonic component
    // mean_x J_x = H_x + mean(∂_y ψ) + mean(∂_x φ): the last vanishes to round-off (periodic in x),
    // the middle is the midpoint rule for ∫ ∂_y ψ dy = 0, an O(h²) error.
    const double ec = std::abs(coarse.harmonic[0] - H[0]), ef = std::abs(fine.harmonic[0] - H[0]);
    CHECK(order(ec, ef) > 1.8);
    CHECK(order(ec, ef) < 2.2);
  }
}

TEST_CASE("divergent fraction: ~0 for a divergence-free current, ~1 for a gradient field", "[analysis][flow]") {
  const Errors c_rot = decompose_error(box(32, 24, Lx, Ly, Boundary::Reflecting, Boundary::Reflecting), psi_poly, zero);
  const Errors f_rot = decompose_error(box(64, 48, Lx, Ly, Boundary::Reflecting, Boundary::Reflecting), psi_poly, zero);
  INFO("divergent fraction of a rotational field: " << c_rot.fraction << " -> " << f_rot.fraction);
  CHECK(order(c_rot.fraction, f_rot.fraction) > 1.8);
  CHECK(order(c_rot.fraction, f_rot.fraction) < 2.2);
  CHECK(f_rot.fraction < 1e-2);
  // A pure gradient in a box: the discrete curl is O(h²), so ψ and J_rot are O(h²).
  const Errors c_grad = decompose_error(box(32, 24, Lx, Ly, Boundary::Reflecting, Boundary::Reflecting), zero, phi_wave);
  const Errors f_grad = decompose_error(box(64, 48, Lx, Ly, Boundary::Reflecting, Boundary::Reflecting), zero, phi_wave);
  INFO("divergent fraction of a gradient field: " << f_grad.fraction << ", |J_rot| error " << c_grad.rot << " -> " << f_grad.rot);
  CHECK(order(c_grad.rot, f_grad.rot) > 1.8);
  CHECK(order(c_grad.rot, f_grad.rot) < 2.2);
  CHECK_THAT(f_grad.fraction, WithinAbs(1.0, 1e-2));
  // J = 0: the fraction is undefined.
  const GridSpec g = box(4, 4, 1, 1, Boundary::Reflecting, Boundary::Reflecting);
  HodgeDecomposition h(g);
  CHECK(std::isnan(h.decompose(std::vector<double>(32, 0.0)).divergent_fraction));
}

TEST_CASE("Hodge decomposition refuses grids it cannot handle", "[analysis][flow]") {
  CHECK_THROWS_AS(HodgeDecomposition(GridSpec::make({8}, {0.0}, {1.0}, {Boundary::Periodic})), noneq::core::InputError);
  CHECK_THROWS_AS(HodgeDecomposition(GridSpec::make({4, 4, 4}, {0.0, 0.0, 0.0}, {1.0, 1.0, 1.0},
                                                    {Boundary::Periodic, Boundary::Periodic, Boundary::Periodic})),
                  noneq::core::InputError);
  CHECK_THROWS_AS(HodgeDecomposition(box(2, 8, 1, 1, Boundary::Reflecting, Boundary::Reflecting)), noneq::core::InputError);
  CHECK_NOTHROW(HodgeDecomposition(box(2, 8, 1, 1, Boundary::Periodic, Boundary::Reflecting)));
}
