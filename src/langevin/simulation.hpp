#pragma once
// One noneq-langevin run: the particles of this rank, the decomposition, the force field, the
// integrator and the observable sums, advanced step by step. The app (run.cpp) adds the deck,
// output and checkpoint schedule; tests drive a Simulation directly.
#include <mpi.h>

#include <cstdint>
#include <memory>
#include <string>

#include "langevin/config.hpp"
#include "langevin/domain.hpp"
#include "langevin/forces.hpp"
#include "langevin/integrator.hpp"
#include "langevin/io.hpp"
#include "langevin/observables.hpp"
#include "langevin/particles.hpp"

namespace noneq::langevin {

class Simulation {
 public:
  /// Collective. Throws InputError if the box cannot be split over the ranks of `world`.
  Simulation(const Config& config, MPI_Comm world);
  /// Fresh start at step 0 (init = random | lattice | file). Collective.
  void initialize();
  /// Continues from a checkpoint. Collective.
  CheckpointInfo restart(const std::string& checkpoint);
  /// One time step. Collective. Throws NumericalError if a particle runs away (dt too large).
  void step();
  /// Observables of the window since the last record (clears it). Collective.
  Record record();
  /// Rebuilds lists in canonical order and recomputes forces (after a checkpoint: the run then
  /// continues exactly as a run restarted from that checkpoint). Collective.
  void refresh();
  void write_checkpoint(const std::string& path, std::int64_t frames, std::int64_t records, const std::string& run_id,
                        const std::string& deck);

  std::int64_t step_index() const { return step_; }
  double time() const { return static_cast<double>(step_) * config_.dt; }
  const Config& config() const { return config_; }
  Particles& particles() { return p_; }
  const Domain& domain() const { return domain_; }
  const Observables& observables() const { return obs_; }
  MPI_Comm comm() const { return domain_.comm(); }
  std::int64_t list_builds() const { return forces_.builds(); }
  /// Seconds this rank spent in force + integration work (load-imbalance measure).
  double busy_seconds() const { return busy_; }
  std::size_t relax_iterations() const { return relax_its_; }

 private:
  void rebuild();
  void compute_forces(bool include_trap = true);
  /// Collective motion check after a move: runaway particles (error) and the list skin.
  bool needs_rebuild(double local_max_move2);
  void relax_overlaps();
  void set_columns();

  Config config_;
  Domain domain_;
  Particles p_;
  ForceField forces_;
  Observables obs_;
  Integrator integrator_;
  StepSums sums_;
  std::int64_t step_ = 0;
  double busy_ = 0;
  std::size_t relax_its_ = 0;
};

}  // namespace noneq::langevin
