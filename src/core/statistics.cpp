#include "core/statistics.hpp"

#include <cmath>
#include <limits>

namespace noneq::core {

BatchMeans batch_means(const std::vector<double>& v, int batches) {
  BatchMeans r;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  r.values = v.size();
  r.error = r.lag1 = nan;
  if (v.empty()) {
    r.mean = nan;
    return r;
  }
  const std::size_t per = batches > 1 ? v.size() / static_cast<std::size_t>(batches) : 0;
  if (per == 0) {
    double s = 0;
    for (double x : v) s += x;
    r.mean = s / static_cast<double>(v.size());
    return r;
  }
  const std::size_t skip = v.size() - per * static_cast<std::size_t>(batches);
  std::vector<double> b(static_cast<std::size_t>(batches), 0.0);
  for (std::size_t k = 0; k < b.size(); ++k) {
    for (std::size_t j = 0; j < per; ++j) b[k] += v[skip + k * per + j];
    b[k] /= static_cast<double>(per);
  }
  double m = 0, var = 0, cov = 0;
  for (double x : b) m += x / batches;
  for (std::size_t k = 0; k < b.size(); ++k) {
    var += (b[k] - m) * (b[k] - m);
    if (k > 0) cov += (b[k] - m) * (b[k - 1] - m);
  }
  r.mean = m;
  r.batches = batches;
  r.error = std::sqrt(var / (batches - 1) / batches);
  r.lag1 = var > 0 ? cov / var : nan;
  return r;
}

}  // namespace noneq::core
