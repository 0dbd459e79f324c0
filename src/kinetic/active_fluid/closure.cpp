#include "kinetic/active_fluid/closure.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <boost/math/special_functions/fpclassify.hpp>  // before pchip.hpp, which calls isnan unqualified
#include <boost/math/interpolators/pchip.hpp>
#include <boost/math/tools/toms748_solve.hpp>
#include <cstdint>
#include <filesystem>
#include <limits>

#include "core/error.hpp"
#include "core/h5.hpp"

namespace noneq::kinetic::active_fluid {

const char* closure_name(ClosureKind k) {
  switch (k) {
    case ClosureKind::Quadratic: return "quadratic";
    case ClosureKind::Bingham: return "bingham";
    case ClosureKind::Table: return "table";
  }
  return "?";
}

namespace bingham {

double bessel_ratio(int nu, double b) {
  // I_nu/I_{nu-1} = b/(2nu + b^2/(2nu+2 + b^2/(2nu+4 + ...))) (modified Lentz).
  if (b == 0) return 0;
  const double tiny = 1e-300;
  double f = tiny, C = f, D = 0;
  for (int j = 1; j < 10000000; ++j) {
    const double a = j == 1 ? b : b * b;
    const double bj = 2.0 * (nu + j - 1);
    D = bj + a * D;
    if (D == 0) D = tiny;
    C = bj + a / C;
    if (C == 0) C = tiny;
    D = 1 / D;
    const double delta = C * D;
    f *= delta;
    if (std::abs(delta - 1) < 1e-16) return f;
  }
  return f;
}

double order_of(double b) { return bessel_ratio(1, b); }

double parameter_of(double s) {
  if (!(s >= 0 && s < 1)) throw std::domain_error(fmt::format("bingham: order s = {} outside [0, 1)", s));
  if (s == 0) return 0;
  // I1/I0 ~ b/2 for small b and ~ 1 - 1/(2b) for large b: b < 2s/(1-s^2) + 1/(1-s) brackets the root.
  const double hi = 2 * s / (1 - s * s) + 1 / (1 - s) + 1;
  std::uintmax_t iters = 200;
  const auto r = boost::math::tools::toms748_solve([s](double b) { return order_of(b) - s; }, 0.0, hi,
                                                   -s, order_of(hi) - s, boost::math::tools::eps_tolerance<double>(52),
                                                   iters);
  return 0.5 * (r.first + r.second);
}

double r_exact(double s) {
  if (s <= 0) return 0;
  const double b = parameter_of(s);
  return bessel_ratio(2, b) * bessel_ratio(1, b);  // I2/I0 = (I2/I1)(I1/I0): no cancellation
}

double s1111(double lambda1) {
  const double s = 2 * lambda1 - 1;
  return (3 + 4 * s + r_exact(s)) / 8;
}
double s1122(double lambda1) { return (1 - r_exact(2 * lambda1 - 1)) / 8; }

}  // namespace bingham

double Chebyshev::operator()(double x) const {
  const double y = (2 * x - lo_ - hi_) / (hi_ - lo_);
  double b1 = 0, b2 = 0;
  for (std::size_t k = coef_.size(); k-- > 1;) {
    const double b0 = coef_[k] + 2 * y * b1 - b2;
    b2 = b1, b1 = b0;
  }
  return coef_.empty() ? 0 : coef_[0] + y * b1 - b2;
}

Closure Closure::bingham() {
  Closure c;
  c.kind_ = ClosureKind::Bingham;
  // h(t) = r/s^2, t = s^2: smooth on [0, 1] with h(0) = 1/2 (r ~ b^2/8, s ~ b/2) and h(1) = 1.
  const auto h = [](double t) {
    if (t <= 0) return 0.5;
    if (t >= 1) return 1.0;
    return bingham::r_exact(std::sqrt(t)) / t;
  };
  constexpr int pieces = 32;
  for (int i = 0; i < pieces; ++i) c.pieces_.emplace_back(h, double(i) / pieces, double(i + 1) / pieces, 10);
  return c;
}

Closure Closure::quadratic() {
  Closure c;
  c.kind_ = ClosureKind::Quadratic;
  return c;
}

namespace {
using Pchip = boost::math::interpolators::pchip<std::vector<double>>;
double eval_pchip(const void* p, double t) { return (*static_cast<const Pchip*>(p))(t); }
}  // namespace

Closure Closure::table_from(const std::vector<double>& lambda1, const std::vector<double>& s1111,
                            const std::string& what) {
  if (lambda1.size() != s1111.size())
    throw core::InputError(fmt::format("{}: `lambda1` has {} values but `S1111` has {}", what, lambda1.size(),
                                       s1111.size()));
  std::vector<double> t, h;
  for (std::size_t i = 0; i < lambda1.size(); ++i) {
    const double l = lambda1[i], q = s1111[i];
    if (!std::isfinite(l) || !std::isfinite(q))
      throw core::InputError(fmt::format("{}: entry {} is not finite", what, i));
    if (l < 0.5 || l > 1)
      throw core::InputError(fmt::format("{}: lambda1[{}] = {} is outside [0.5, 1] (the larger eigenvalue of D/c)",
                                         what, i, l));
    if (i > 0 && !(l > lambda1[i - 1]))
      throw core::InputError(fmt::format("{}: lambda1 must increase strictly (entry {} = {} after {})", what, i, l,
                                         lambda1[i - 1]));
    // A distribution's principal-frame moments satisfy lambda1^2 <= S'1111 <= lambda1 (Cauchy–Schwarz, cos^4 <= cos^2).
    if (q < l * l - 1e-12 || q > l + 1e-12)
      throw core::InputError(fmt::format("{}: S1111[{}] = {} is outside [lambda1^2, lambda1] = [{}, {}]: not the moment "
                                         "of any distribution", what, i, q, l * l, l));
    const double s = 2 * l - 1;
    if (s < 1e-6) continue;  // h = r/s^2 is undefined at isotropy; the constant extension covers it
    t.push_back(s * s);
    h.push_back((8 * q - 3 - 4 * s) / (s * s));
  }
  if (t.size() < 4)
    throw core::InputError(fmt::format("{}: need at least 4 points with lambda1 > 0.5, got {}", what, t.size()));
  Closure c;
  c.kind_ = ClosureKind::Table;
  c.t_lo_ = t.front();
  c.t_hi_ = t.back();
  c.s_max_ = std::sqrt(t.back());
  c.table_ = std::make_shared<const Pchip>(std::move(t), std::move(h));
  c.table_eval_ = &eval_pchip;
  return c;
}

Closure Closure::table(const std::string& path, const std::string& deck_name, const std::string& key) {
  const std::string what = fmt::format("{}: {}: closure table `{}`", deck_name, key, path);
  if (!std::filesystem::exists(path)) throw core::InputError(what + ": no such file");
  if (!core::h5::is_hdf5(path)) throw core::InputError(what + ": not an HDF5 file");
  std::vector<double> l, q;
  try {
    core::h5::File f = core::h5::File::open(path, MPI_COMM_SELF);
    for (const char* name : {"lambda1", "S1111"})
      if (!core::h5::exists(f.id(), name))
        throw core::InputError(fmt::format("{}: dataset `{}` is missing (expected 1D datasets lambda1 and S1111)", what,
                                           name));
    core::h5::Dims dl, dq;
    l = core::h5::read_all<double>(f.id(), "lambda1", &dl);
    q = core::h5::read_all<double>(f.id(), "S1111", &dq);
    if (dl.size() != 1 || dq.size() != 1)
      throw core::InputError(fmt::format("{}: lambda1 and S1111 must be 1D datasets", what));
  } catch (const core::LibraryError& e) {
    throw core::InputError(fmt::format("{}: unreadable ({})", what, e.what()));
  }
  return table_from(l, q, what);
}

double Closure::h(double t) const {
  t = std::clamp(t, 0.0, 1.0);
  if (kind_ == ClosureKind::Bingham) {
    const auto n = static_cast<int>(pieces_.size());
    return pieces_[static_cast<std::size_t>(std::min(n - 1, static_cast<int>(t * n)))](t);
  }
  return table_eval_(table_.get(), std::clamp(t, t_lo_, t_hi_));
}

}  // namespace noneq::kinetic::active_fluid
