#include "kinetic/active_fluid/spectral.hpp"

#include <fmt/core.h>

#include <chrono>
#include <numbers>

#include "core/error.hpp"

namespace noneq::kinetic::active_fluid {

Spectral::Spectral(std::int64_t n, double length, MPI_Comm comm, const std::string& planner)
    : n_(n), length_(length), comm_(comm) {
  flags_ = planner == "estimate" ? FFTW_ESTIMATE : planner == "patient" ? FFTW_PATIENT : FFTW_MEASURE;
  int size = 1;
  MPI_Comm_size(comm, &size);
  if (n % size != 0)
    throw core::InputError(fmt::format("grid.n = {} is not divisible by the {} MPI ranks (slabs must be equal)", n, size));
  const ptrdiff_t dims[2] = {static_cast<ptrdiff_t>(n), static_cast<ptrdiff_t>(n)};
  ptrdiff_t ln0 = 0, l0 = 0, ln1 = 0, l1 = 0;
  fftw_mpi_local_size_many_transposed(2, dims, 1, FFTW_MPI_DEFAULT_BLOCK, FFTW_MPI_DEFAULT_BLOCK, comm, &ln0, &l0,
                                      &ln1, &l1);
  rows_ = ln0, row0_ = l0, nkx_ = ln1, kx0_ = l1;
}

Spectral::~Spectral() {
  for (auto& [h, p] : plans_) {
    if (p.forward) fftw_destroy_plan(p.forward);
    if (p.backward) fftw_destroy_plan(p.backward);
  }
}

double Spectral::k(std::int64_t i) const {
  const std::int64_t w = wavenumber(i);
  if (2 * std::abs(w) == n_) return 0;
  return 2 * std::numbers::pi * static_cast<double>(w) / length_;
}

Spectral::Plans& Spectral::plans(int howmany) {
  auto it = plans_.find(howmany);
  if (it != plans_.end()) return it->second;
  const ptrdiff_t dims[2] = {static_cast<ptrdiff_t>(n_), static_cast<ptrdiff_t>(n_)};
  ptrdiff_t ln0 = 0, l0 = 0, ln1 = 0, l1 = 0;
  const ptrdiff_t local = fftw_mpi_local_size_many_transposed(2, dims, howmany, FFTW_MPI_DEFAULT_BLOCK,
                                                              FFTW_MPI_DEFAULT_BLOCK, comm_, &ln0, &l0, &ln1, &l1);
  Plans p;
  p.size = static_cast<std::size_t>(std::max<ptrdiff_t>(local, 1));
  // Plan on scratch arrays (MEASURE overwrites them); executed later on other buffers of the same
  // alignment (fftw_malloc) with the new-array interface.
  FftBuffer a(static_cast<cplx*>(fftw_malloc(sizeof(cplx) * p.size))), b(static_cast<cplx*>(fftw_malloc(sizeof(cplx) * p.size)));
  if (!a || !b) throw core::LibraryError(fmt::format("FFTW: cannot allocate {} complex values", p.size));
  auto* fa = reinterpret_cast<fftw_complex*>(a.get());
  auto* fb = reinterpret_cast<fftw_complex*>(b.get());
  p.forward = fftw_mpi_plan_many_dft(2, dims, howmany, FFTW_MPI_DEFAULT_BLOCK, FFTW_MPI_DEFAULT_BLOCK, fa, fb, comm_,
                                     FFTW_FORWARD, flags_ | FFTW_MPI_TRANSPOSED_OUT);
  p.backward = fftw_mpi_plan_many_dft(2, dims, howmany, FFTW_MPI_DEFAULT_BLOCK, FFTW_MPI_DEFAULT_BLOCK, fb, fa, comm_,
                                      FFTW_BACKWARD, flags_ | FFTW_MPI_TRANSPOSED_IN);
  if (!p.forward || !p.backward)
    throw core::LibraryError(fmt::format("FFTW-MPI could not plan {}x{} transforms of {} fields", n_, n_, howmany));
  return plans_.emplace(howmany, p).first->second;
}

FftBuffer Spectral::buffer(int howmany) {
  const std::size_t size = plans(howmany).size;
  FftBuffer b(static_cast<cplx*>(fftw_malloc(sizeof(cplx) * size)));
  if (!b) throw core::LibraryError(fmt::format("FFTW: cannot allocate {} complex values", size));
  for (std::size_t i = 0; i < size; ++i) b[i] = 0;
  return b;
}

void Spectral::forward(int howmany, cplx* in, cplx* out) {
  Plans& p = plans(howmany);
  const auto t0 = std::chrono::steady_clock::now();
  fftw_mpi_execute_dft(p.forward, reinterpret_cast<fftw_complex*>(in), reinterpret_cast<fftw_complex*>(out));
  fft_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  transforms_ += howmany;
}

void Spectral::backward(int howmany, cplx* in, cplx* out) {
  Plans& p = plans(howmany);
  const auto t0 = std::chrono::steady_clock::now();
  fftw_mpi_execute_dft(p.backward, reinterpret_cast<fftw_complex*>(in), reinterpret_cast<fftw_complex*>(out));
  fft_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  transforms_ += howmany;
}

}  // namespace noneq::kinetic::active_fluid
