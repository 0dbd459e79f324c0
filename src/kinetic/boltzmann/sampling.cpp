#include "kinetic/boltzmann/sampling.hpp"

#include <algorithm>
#include <cmath>

namespace noneq::kinetic::boltzmann {

void VelocitySums::add(const VelocitySums& o) {
  count += o.count;
  for (int k = 0; k < 6; ++k) vv[k] += o.vv[k];
  for (int k = 0; k < 3; ++k) v[k] += o.v[k], vi4[k] += o.vi4[k];
  v4 += o.v4;
  v6 += o.v6;
  collisions += o.collisions;
  candidates += o.candidates;
  log_scale += o.log_scale;
}

void VelocitySums::pack(double* out) const {
  int q = 0;
  out[q++] = count;
  for (double x : vv) out[q++] = x;
  for (double x : v) out[q++] = x;
  out[q++] = v4;
  out[q++] = v6;
  for (double x : vi4) out[q++] = x;
  out[q++] = collisions;
  out[q++] = candidates;
  out[q++] = log_scale;
}

void VelocitySums::unpack(const double* in) {
  int q = 0;
  count = in[q++];
  for (double& x : vv) x = in[q++];
  for (double& x : v) x = in[q++];
  v4 = in[q++];
  v6 = in[q++];
  for (double& x : vi4) x = in[q++];
  collisions = in[q++];
  candidates = in[q++];
  log_scale = in[q++];
}

HistogramScale::HistogramScale(const Histograms& h, double T) {
  marginal = h.bins / (2 * h.range) / std::sqrt(T);
  cube = h.cube > 0 ? h.cube / 6.0 / std::sqrt(2 * T) : 0.0;
}

void add_to_histograms(const double v[3], const HistogramScale& sc, Histograms& h) {
  for (int a = 0; a < 3; ++a) {
    const double x = v[a] * sc.marginal + h.bins / 2.0;
    if (x >= 0 && x < h.bins) ++h.marginal[a * h.bins + static_cast<std::int64_t>(x)];
  }
  if (h.cube == 0) return;
  std::int64_t idx = 0;
  for (int a = 0; a < 3; ++a) {
    const double x = v[a] * sc.cube + h.cube / 2.0;
    if (!(x >= 0 && x < h.cube)) {
      ++h.outside;
      return;
    }
    idx = idx * h.cube + static_cast<std::int64_t>(x);
  }
  ++h.distribution[idx];
}

std::int64_t effective_samples(std::int64_t requested, std::int64_t N, int P) {
  if (requested > 0) return requested;
  return std::max<std::int64_t>(P, (N + kSampleSize - 1) / kSampleSize);
}

std::int64_t sample_block_first(std::int64_t S, int P, int r) { return S / P * r + std::min<std::int64_t>(r, S % P); }

VelocitySums reduce_samples(const std::vector<VelocitySums>& local, std::int64_t total, MPI_Comm comm) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  std::vector<double> mine(local.size() * VelocitySums::kSize);
  for (std::size_t k = 0; k < local.size(); ++k) local[k].pack(&mine[k * VelocitySums::kSize]);
  std::vector<int> counts(size), displs(size);
  for (int r = 0; r < size; ++r) {
    counts[r] = static_cast<int>((sample_block_first(total, size, r + 1) - sample_block_first(total, size, r)) *
                                 VelocitySums::kSize);
    displs[r] = static_cast<int>(sample_block_first(total, size, r) * VelocitySums::kSize);
  }
  std::vector<double> all(static_cast<std::size_t>(total) * VelocitySums::kSize);
  MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, all.data(), counts.data(), displs.data(),
                 MPI_DOUBLE, comm);
  VelocitySums sum;
  for (std::int64_t k = 0; k < total; ++k) {
    VelocitySums one;
    one.unpack(&all[k * VelocitySums::kSize]);
    sum.add(one);
  }
  return sum;
}

}  // namespace noneq::kinetic::boltzmann
