#pragma once
// Finite-volume Fokker–Planck solver on a PETSc DMDA.
//   transient: p^{n+1} from backward Euler, BDF2 or Crank–Nicolson with the generator L assembled
//              once (every step when a coefficient reads t), or any PETSc TS type (`ts:<type>`);
//   steady:    L p = 0 with one equation replaced by p_pin = 1 (nonsingular), solved by Krylov +
//              algebraic multigrid, then normalised; the pin is moved to the density maximum if the
//              first guess was poor. The residual ‖L p‖/‖diag(L) p‖ is reported.
#include <mpi.h>

#include <memory>
#include <string>
#include <vector>

#include "core/h5.hpp"
#include "core/petsc.hpp"
#include "fokker_planck/config.hpp"
#include "fokker_planck/grid.hpp"
#include "fokker_planck/model.hpp"
#include "fokker_planck/observables.hpp"
#include "fokker_planck/operator.hpp"

namespace noneq::fokker_planck {

struct SteadyReport {
  double residual = 0;        // ‖L p‖₂ / ‖diag(L) p‖₂
  std::int64_t iterations = 0;  // Krylov iterations, all passes
  int passes = 0;
  std::int64_t clipped = 0;   // cells with tiny negative values set to 0
  double seconds = 0;
  std::vector<std::int64_t> coarse_cells;  // nested iteration: cells of each coarser solve, coarsest last
};

class Solver {
 public:
  Solver(const Config& config, MPI_Comm comm);
  ~Solver();

  /// Steady mode: computes the stationary density (normalised to mass 1).
  SteadyReport solve_steady();
  /// Transient mode: advances one step of config.dt. Throws NumericalError on NaN/negativity.
  void step();

  double time() const { return t_; }
  std::int64_t step_index() const { return step_; }
  Monitors monitors(std::vector<double>* current = nullptr);
  double initial_mass() const { return mass0_; }
  std::int64_t linear_iterations() const { return ksp_iterations_; }

  // Distributed data access (this rank's block, C order: z slowest, x fastest).
  std::array<std::int64_t, 3> local_start() const;   // (x, y, z) start of this rank's block
  std::array<std::int64_t, 3> local_count() const;
  std::vector<double> local_density() const;
  std::vector<double> local_diffusion() { return observer_->diffusion(t_); }
  void set_local_density(const std::vector<double>& p);
  Vec density() const { return p_; }
  DM dm() const { return da_; }

  /// Decomposition-independent checkpoint (atomic: temporary name, then rename). Collective.
  void write_checkpoint(const std::string& path, std::int64_t frames, const std::string& run_id) const;
  /// Restores p (and the BDF2 history), t and the step; returns (frames, run_id).
  std::pair<std::int64_t, std::string> read_checkpoint(const std::string& path);

  const Grid& grid() const { return grid_; }
  const Model& model() const { return model_; }
  const Config& config() const { return config_; }
  MPI_Comm comm() const { return comm_; }
  /// Seconds spent assembling L, in linear solves, and the number of assemblies.
  double assembly_seconds() const { return assembly_s_; }
  double solve_seconds() const { return solve_s_; }

 private:
  void create_dm();
  void assemble(double t);
  void initial_density();
  void check_state(const char* where);
  void setup_ksp(KSP ksp, Mat A) const;
  /// Steady mode: initial guess from the stationary density on a grid 4x coarser per axis.
  bool coarse_guess(SteadyReport& rep);
  void build_system(double gamma);
  void step_own();
  void step_ts();
  std::int64_t pin_index(Vec guess) const;
  void write_block(hid_t loc, const std::string& name, Vec v) const;
  void read_block(hid_t loc, const std::string& name, Vec v) const;

  Config config_;
  MPI_Comm comm_;
  Grid grid_;
  Model model_;
  Fluxes fluxes_;
  core::PDM da_;
  core::PMat L_, S_;        // generator; system matrix I − γ dt L
  core::PVec p_, p_prev_, rhs_, work_;
  core::PKSP ksp_;
  core::PTS ts_;
  std::pair<DM, const Fluxes*> ts_ctx_{nullptr, nullptr};
  std::unique_ptr<Observer> observer_;
  double t_ = 0;
  std::int64_t step_ = 0;
  double mass0_ = 1;
  double assembled_at_ = NAN, system_gamma_ = NAN, system_dt_ = NAN;
  std::int64_t ksp_iterations_ = 0;
  double assembly_s_ = 0, solve_s_ = 0;
};

}  // namespace noneq::fokker_planck
