#pragma once
// Distributed 2D Fourier transforms of many interleaved complex fields (FFTW-MPI).
//
// Decomposition: slabs. In physical space rank r holds the rows y_j, j in [row0, row0 + rows), with
// all x and all fields: index ((j - row0) n + i) h + f. Transforms are FFTW_MPI_TRANSPOSED_OUT (and
// TRANSPOSED_IN back), which saves the final transpose: in Fourier space rank r holds the columns
// k_x in [kx0, kx0 + nkx) with all k_y: index ((a - kx0) n + b) h + f. The rank count must divide n
// (equal slabs). One plan moves all h fields in one all-to-all.
#include <fftw3-mpi.h>
#include <mpi.h>

#include <complex>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace noneq::kinetic::active_fluid {

using cplx = std::complex<double>;

struct FftwFree {
  void operator()(cplx* p) const { fftw_free(p); }
};
using FftBuffer = std::unique_ptr<cplx[], FftwFree>;

class Spectral {
 public:
  /// `planner`: estimate | measure | patient.
  Spectral(std::int64_t n, double length, MPI_Comm comm, const std::string& planner);
  ~Spectral();
  Spectral(const Spectral&) = delete;
  Spectral& operator=(const Spectral&) = delete;

  std::int64_t n() const { return n_; }
  double length() const { return length_; }
  double dx() const { return length_ / static_cast<double>(n_); }
  MPI_Comm comm() const { return comm_; }
  std::int64_t rows() const { return rows_; }  // physical rows (y) on this rank
  std::int64_t row0() const { return row0_; }
  std::int64_t nkx() const { return nkx_; }    // Fourier columns (k_x) on this rank
  std::int64_t kx0() const { return kx0_; }
  std::size_t points() const { return static_cast<std::size_t>(rows_ * n_); }  // per field
  std::size_t modes() const { return static_cast<std::size_t>(nkx_ * n_); }

  /// Integer wavenumber of index i in [0, n): i or i - n.
  std::int64_t wavenumber(std::int64_t i) const { return i <= n_ / 2 ? i : i - n_; }
  /// Physical wavenumber 2 pi k/L for derivatives (0 at the Nyquist index).
  double k(std::int64_t i) const;
  /// 2/3 rule: both integer wavenumbers strictly below n/3, so that the sum of two kept wavenumbers
  /// either is representable or aliases onto a dropped one (3|k| = n would alias 2k onto -k).
  bool kept(std::int64_t a, std::int64_t b) const { return kept_wavenumber(wavenumber(a)) && kept_wavenumber(wavenumber(b)); }
  bool kept_wavenumber(std::int64_t k) const { return 3 * std::abs(k) < n_; }

  /// Buffer for `howmany` fields, large enough for either space (FFTW's local size).
  FftBuffer buffer(int howmany);
  /// Physical -> Fourier (unnormalised). `in` is destroyed.
  void forward(int howmany, cplx* in, cplx* out);
  /// Fourier -> physical. `in` is destroyed.
  void backward(int howmany, cplx* in, cplx* out);
  /// Seconds spent inside FFTW execute calls (this rank).
  double fft_seconds() const { return fft_seconds_; }
  std::int64_t transforms() const { return transforms_; }  // field transforms done

 private:
  struct Plans {
    fftw_plan forward = nullptr, backward = nullptr;
    std::size_t size = 0;
  };
  Plans& plans(int howmany);

  std::int64_t n_;
  double length_;
  MPI_Comm comm_;
  unsigned flags_;
  std::int64_t rows_ = 0, row0_ = 0, nkx_ = 0, kx0_ = 0;
  std::map<int, Plans> plans_;
  double fft_seconds_ = 0;
  std::int64_t transforms_ = 0;
};

}  // namespace noneq::kinetic::active_fluid
