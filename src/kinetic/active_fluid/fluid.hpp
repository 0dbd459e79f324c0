#pragma once
// The periodic-box solver of noneq-active-fluid, for both levels (kinetic Psi and moment model):
// angular Fourier modes mu_0..mu_M (model.hpp) of every grid point, pseudo-spectral in space
// (FFTW-MPI slabs, spectral.hpp), Stokes flow solved in Fourier space, 2/3 dealiasing, SBDF2 in
// time with the diffusion (d_T k^2 + d_R m^2) implicit and everything else explicit:
//   (3 psi^{n+1} - 4 psi^n + psi^{n-1})/(2 dt) = 2 N^n - N^{n-1} - (d_T k^2 + d_R m^2) psi^{n+1}
// (first step: IMEX Euler). The state lives in Fourier space: coefficient (k_x, k_y, m), normalised
// so that the (0, 0) coefficient is the spatial mean.
#include <mpi.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kinetic/active_fluid/closure.hpp"
#include "kinetic/active_fluid/config.hpp"
#include "kinetic/active_fluid/model.hpp"
#include "kinetic/active_fluid/spectral.hpp"

namespace noneq::kinetic::active_fluid {

/// Local slabs of the output fields (rows y in [row0, row0 + rows), all x; C order [y][x][comp]).
struct FieldFrame {
  std::vector<double> c, Dxx, Dxy, Dyy, order, vorticity;
  std::vector<double> n, u;  // 2 components
};

class Fluid {
 public:
  /// `closure` is used by the moment model (kinetic runs evaluate quadratic and Bingham a priori).
  Fluid(const Config& config, Closure closure, MPI_Comm comm);

  /// Sets the initial condition and evaluates the first right-hand side. Throws InputError when
  /// dt violates the CFL limit for the initial state.
  void initialize();
  /// One SBDF2 step (collective). Throws NumericalError (on every rank) on NaN, loss of positivity
  /// (moment model), CFL violation or a Stokes iteration that does not converge.
  void step();

  double time() const { return time_; }
  std::int64_t step_index() const { return step_; }
  int modes() const { return H_; }          // stored modes per point
  int mode_stride() const { return stride_; }  // 2: apolar run, even modes only
  const Spectral& spectral() const { return *fft_; }
  const Config& config() const { return cfg_; }
  double cfl() const { return cfl_; }
  std::int64_t stokes_iterations() const { return stokes_total_; }  // summed over all solves

  /// Series record of the current state (layout: series_names() in observables.hpp). Collective.
  std::vector<double> measure() const;
  /// Shell-summed kinetic-energy spectrum E(k), k = 0..n/2 (units of 2 pi/L). Collective.
  std::vector<double> energy_spectrum() const;
  /// Fields of the current state on this rank's rows.
  FieldFrame fields() const;
  /// Psi's modes mu_0..mu_{H-1} at this rank's points ([rows][n][H] complex as pairs) and u ([rows][n][2]).
  void psi_frame(std::vector<double>& modes, std::vector<double>& u) const;

  // Checkpoint access: spectral arrays [nkx][n][H] (state, previous state, right-hand sides) and the
  // velocity of this and the previous step [nkx][n][2] (the start of the Stokes iteration).
  struct Arrays {
    std::vector<cplx>*psi, *psi_prev, *nl, *nl_prev, *uhat, *uhat_prev;
  };
  Arrays arrays() { return {&psi_, &psi_prev_, &nl_, &nl_prev_, &uhat_, &uhat_prev_}; }
  /// After the arrays were read back: sets time and step, and refreshes the physical fields.
  void restore(double time, std::int64_t step);

 private:
  void rhs();             // nl_ = N(psi_); refreshes phys_psi_, phys_vel_, cfl_
  void velocity();        // Stokes (+ fixed point for beta > 0) from phys_psi_
  void fill_velocity_fields();
  void point_closure(std::size_t p, cplx eps, cplx& X, cplx& Y) const;
  std::string where(std::size_t p) const;

  Config cfg_;
  Closure closure_, bingham_, quadratic_;
  MPI_Comm comm_;
  std::unique_ptr<Spectral> fft_;
  int H_;       // stored modes per point: m = stride_ j, j < H_
  int stride_;  // 1, or 2 for apolar runs (V0 = 0)
  ModeView view(std::size_t p) const { return ModeView{&phys_psi_[p * H_], stride_, H_}; }
  double time_ = 0;
  std::int64_t step_ = 0;
  double cfl_ = 0;
  std::int64_t stokes_total_ = 0;

  std::vector<cplx> psi_, psi_prev_, nl_, nl_prev_, uhat_, uhat_prev_;
  bool have_prev_velocity_ = false;     // uhat_prev_ holds the previous step's velocity
  std::vector<cplx> sig0_, sigA_, sigB_;  // stress per point: s0 + a eps + b conj(eps)
  std::vector<double> kx_, ky_, k2_;  // derivative wavenumbers of the local columns, k^2 per coefficient
  std::vector<char> kept_;            // 2/3 rule per coefficient
  std::vector<cplx> mu4_;             // moment model with a distribution closure: mu_4 per point
  FftBuffer spec_work_, phys_psi_, phys_flux_;     // H, H, 3H fields
  FftBuffer spec_vel_, phys_vel_;                  // 3 fields: u_x + i u_y, eps, omega
  FftBuffer spec_one_, phys_one_;                  // 1 field: eps (fixed-point iteration)
  FftBuffer spec_stress_, phys_stress_;            // 2 fields: Sigma11, Sigma12
};

}  // namespace noneq::kinetic::active_fluid
