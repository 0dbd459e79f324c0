#include "kinetic/boltzmann/sampling.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <fmt/core.h>

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

std::int64_t effective_samples(std::int64_t requested, std::int64_t N, int P, bool* rank_dependent) {
  if (rank_dependent) *rank_dependent = false;
  if (requested > 0) return requested;
  const std::int64_t automatic = (N + kSampleSize - 1) / kSampleSize;
  if (automatic >= P) return automatic;
  if (rank_dependent) *rank_dependent = true;
  return P;
}

std::int64_t SampleLayout::first_id(std::int64_t k) const {
  return k * (molecules / total) + std::min(k, molecules % total);
}

SampleLayout sample_layout(std::int64_t requested, std::int64_t N, MPI_Comm comm, std::int64_t min_per_sample,
                           const std::string& deck_name) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  SampleLayout l;
  l.molecules = N;
  l.total = effective_samples(requested, N, size, &l.rank_dependent);
  if (l.total < size)
    throw core::InputError(fmt::format("{}: [dsmc] samples: {} samples cannot be spread over {} ranks (need samples >= "
                                       "ranks, or 0 for automatic)", deck_name, l.total, size));
  if (N / l.total < min_per_sample)
    throw core::InputError(fmt::format("{}: [dsmc] samples: {} molecules in {} samples leave fewer than {} per sample",
                                       deck_name, N, l.total, min_per_sample));
  if ((N + l.total - 1) / l.total >= (std::int64_t{1} << 32))
    throw core::InputError(fmt::format("{}: [dsmc] samples: more than 2^32 molecules per sample; raise samples", deck_name));
  l.first = sample_block_first(l.total, size, rank);
  l.count = sample_block_first(l.total, size, rank + 1) - l.first;
  return l;
}

std::int64_t sample_block_first(std::int64_t S, int P, int r) { return S / P * r + std::min<std::int64_t>(r, S % P); }

VelocitySums reduce_samples(const std::vector<VelocitySums>& local, MPI_Comm comm) {
  // A left fold over the samples in order, passed from rank to rank (each rank holds a contiguous
  // block of samples): the same additions in the same order as one process summing all samples,
  // with O(1) memory and P small messages.
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  double buf[VelocitySums::kSize];
  VelocitySums acc;
  if (rank > 0) {
    MPI_Recv(buf, VelocitySums::kSize, MPI_DOUBLE, rank - 1, 7101, comm, MPI_STATUS_IGNORE);
    acc.unpack(buf);
  }
  for (const auto& s : local) acc.add(s);
  acc.pack(buf);
  if (rank + 1 < size) MPI_Send(buf, VelocitySums::kSize, MPI_DOUBLE, rank + 1, 7101, comm);
  MPI_Bcast(buf, VelocitySums::kSize, MPI_DOUBLE, size - 1, comm);
  acc.unpack(buf);
  return acc;
}

}  // namespace noneq::kinetic::boltzmann
