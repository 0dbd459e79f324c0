#pragma once
// Batch means: the mean of a correlated time series and its standard error from the spread of the
// means of `batches` consecutive equal batches (leading values that do not fill a batch are
// dropped). Valid when a batch is much longer than the correlation time; lag1 (the correlation of
// consecutive batch means) tells when it is not.
#include <cstddef>
#include <vector>

namespace noneq::core {

struct BatchMeans {
  double mean = 0;
  double error = 0;  // NaN when there are fewer values than batches (mean over all values then)
  double lag1 = 0;   // correlation of consecutive batch means (NaN if undefined)
  int batches = 0;   // 0: no error bar
  std::size_t values = 0;
};

BatchMeans batch_means(const std::vector<double>& values, int batches);

}  // namespace noneq::core
