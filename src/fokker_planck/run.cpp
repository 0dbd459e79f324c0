#include "fokker_planck/run.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>

#include "core/collective.hpp"
#include "core/app.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/provenance.hpp"
#include "core/xdmf.hpp"
#include "core/runtime.hpp"
#include "fokker_planck/config.hpp"
#include "fokker_planck/ou_exact.hpp"
#include "fokker_planck/output.hpp"
#include "fokker_planck/solver.hpp"

namespace noneq::fokker_planck {

namespace {

std::string monitor_line(const Monitors& m, int dim, bool absorbing) {
  std::string s = fmt::format("mass={:.12g} epr={:.6g} S={:.6g} <x>=(", m.mass, m.epr, m.entropy);
  for (int a = 0; a < dim; ++a) s += fmt::format("{}{:.4g}", a ? "," : "", m.mean[a]);
  s += ")";
  if (absorbing) s += fmt::format(" survival={:.6g}", m.survival);
  return s;
}

// Coefficients that are not finite, or a diffusion that is not positive, somewhere in the domain
// are bad input. The assembly finds them only on the rank that owns the cell (a rank-local throw
// before collective calls: the other ranks wait forever) and only after the output was created.
// So evaluate every edge of this rank's cells at the start time first, exactly as the assembly
// does but with no collective call in between, then agree: every rank throws the same InputError
// (the lowest failing rank's message) and no file has been created.
void check_coefficients(const Solver& solver, MPI_Comm comm) {
  const Grid& g = solver.grid();
  const Model& model = solver.model();
  const Fluxes fluxes(g, model);
  const double t = solver.time();
  const auto s = solver.local_start(), n = solver.local_count();
  // Every rank checks its own cells; a failure anywhere stops every rank with one message.
  core::collectively(
      comm,
      [&] {
        try {
          for (std::int64_t k = s[2]; k < s[2] + n[2]; ++k)
            for (std::int64_t j = s[1]; j < s[1] + n[1]; ++j)
              for (std::int64_t i = s[0]; i < s[0] + n[0]; ++i) {
                const std::int64_t c[3] = {i, j, k};
                const double x[3] = {g.center(0, i), g.center(1, j), g.center(2, k)};
                for (int a = 0; a < g.dim; ++a) {
                  const double b = model.drift(a, x, t);
                  if (!std::isfinite(b))
                    throw core::InputError(fmt::format(
                        "[model] drift (component {}) must be finite, got {} at x = ({:g}, {:g}, {:g}), t = {:g}",
                        a + 1, b, x[0], x[1], x[2], t));
                  if (c[a] + 1 < g.n[a] || g.boundary[a] == Boundary::Periodic) (void)fluxes.interior(a, c, t);
                  else if (g.boundary[a] == Boundary::Absorbing) (void)fluxes.to_wall(a, +1, c, t);
                  if (c[a] == 0 && g.boundary[a] == Boundary::Absorbing) (void)fluxes.to_wall(a, -1, c, t);
                }
              }
        } catch (const core::NumericalError& e) {
          throw core::InputError(std::string("[model] drift / diffusion: ") + e.what());
        }
      },
      solver.config().deck_name + ": ");
}

void log_memory(const core::Log& log, MPI_Comm comm) {
  double rss = static_cast<double>(core::peak_rss_bytes()), mx = 0, sum = 0;
  MPI_Allreduce(&rss, &mx, 1, MPI_DOUBLE, MPI_MAX, comm);
  MPI_Allreduce(&rss, &sum, 1, MPI_DOUBLE, MPI_SUM, comm);
  log.info("peak memory: {:.1f} MiB per rank (max), {:.1f} MiB in total", mx / 1048576.0, sum / 1048576.0);
}

}  // namespace

int run(const core::CommandLine& cl, MPI_Comm comm) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  const core::Schema schema = Config::schema();
  const core::Log log(comm);
  auto start = core::start_app<Config>(cl, schema, log);
  if (!start) return core::kOk;  // --print-config
  const core::Deck& deck = start->deck;
  Config& config = start->config;
  bool absorbing = false;
  for (int a = 0; a < config.dim; ++a) absorbing |= config.boundary[a] == Boundary::Absorbing;

  // Refuse to destroy data before doing any work (a restart appends to its own output).
  if (!cl.restart) core::check_output_path(config.file, cl.overwrite, comm);
  if (cl.restart && !std::filesystem::exists(*cl.restart))
    throw core::InputError(fmt::format("--restart: checkpoint `{}` does not exist", *cl.restart));

  log.banner("noneq-fokker-planck", deck.effective_ini(), size);
  core::install_signal_handlers();
  Solver solver(config, comm);
  check_coefficients(solver, comm);
  const Grid& g = solver.grid();
  log.info("grid: {} cells ({}), drift/diffusion {}; output {}", g.cells(),
           fmt::format("{} x {} x {}", g.n[0], g.n[1], g.n[2]),
           solver.model().time_dependent() ? "time-dependent (L re-assembled each step)" : "time-independent",
           config.file);

  core::RunInfo info{"noneq-fokker-planck", "fokker-planck", deck.source_text(), cl.deck,
                     deck.effective_ini(), cl.text};

  if (config.mode == Mode::Steady) {
    Output out(config.file, solver, info, core::make_run_id(comm));
    const SteadyReport rep = solver.solve_steady();
    log.info("steady state: residual ‖Lp‖/‖diag(L)p‖ = {:.3e}, {} Krylov iterations ({} pass{}), "
             "{} round-off negatives clipped, {:.3f} s",
             rep.residual, rep.iterations, rep.passes, rep.passes == 1 ? "" : "es", rep.clipped, rep.seconds);
    log.info("  assembly {:.3f} s, linear solves {:.3f} s", solver.assembly_seconds(), solver.solve_seconds());
    if (!rep.coarse_cells.empty())
      log.info("  initial guess by nested iteration from coarser stationary solves on {} cells",
               fmt::join(rep.coarse_cells, ", "));
    out.set_steady_report(rep);
    const Monitors m = out.write_frame();
    log.info("stationary: {}", monitor_line(m, g.dim, false));
    std::string cov;
    for (int a = 0; a < g.dim; ++a)
      for (int b = 0; b < g.dim; ++b) cov += fmt::format("{}{:.8g}", (a || b) ? " " : "", m.covariance[3 * a + b]);
    log.info("stationary covariance (row-major): {}", cov);
    if (const auto ref = ou_reference(solver.model(), g)) {
      // Linear drift, constant D: exact stationary values (OU). Domain truncation is ignored.
      log.info("entropy production rate: {:.10g}   (exact OU value {:.10g}, relative error {:.2e})", m.epr,
               ref->epr, std::fabs(m.epr - ref->epr) / std::max(std::fabs(ref->epr), 1e-300));
      std::string cov;
      for (int a = 0; a < g.dim; ++a)
        for (int b = 0; b < g.dim; ++b) cov += fmt::format("{}{:.8g}", (a || b) ? " " : "", ref->C[3 * a + b]);
      log.info("exact OU covariance (AC + CA^T = 2D):  {}", cov);
    } else {
      log.info("entropy production rate: {:.10g}", m.epr);
    }
    out.finish(true);
    log.info("wrote {} (+ {})", config.file, core::xdmf_path_for(config.file));
    log_memory(log, comm);
    return core::kOk;
  }

  // Transient.
  std::string run_id;
  std::unique_ptr<Output> out;
  if (cl.restart) {
    auto [frames, id] = solver.read_checkpoint(*cl.restart);
    run_id = id;
    out = std::make_unique<Output>(Output::reopen(config.file, solver, run_id, frames));
    log.info("restarted from {} at step {}, t = {:g} ({} frames kept)", *cl.restart, solver.step_index(),
             solver.time(), frames);
  } else {
    run_id = core::make_run_id(comm);
    out = std::make_unique<Output>(config.file, solver, info, run_id);
    const Monitors m0 = out->write_frame();
    log.info("t = 0: {}", monitor_line(m0, g.dim, absorbing));
  }
  core::Progress progress(log, config.steps, config.progress_interval);
  Monitors last;
  bool have_last = false;
  while (solver.step_index() < config.steps) {
    solver.step();
    const std::int64_t n = solver.step_index();
    const bool frame = n % config.every == 0 || n == config.steps;
    if (frame) last = out->write_frame(), have_last = true;
    progress.update(n, solver.time(), [&] {
      if (!frame) last = solver.monitors(), have_last = true;
      return monitor_line(last, g.dim, absorbing) + fmt::format(" its={}", solver.linear_iterations());
    });
    if (config.checkpoint_every > 0 && n % config.checkpoint_every == 0 && n < config.steps)
      solver.write_checkpoint(config.checkpoint, out->frames(), run_id);
    if (core::interrupt_requested(comm)) {
      solver.write_checkpoint(config.checkpoint, out->frames(), run_id);
      out->finish(false);
      throw core::Interrupted(fmt::format(
          "signal received at step {}, t = {:g}: wrote checkpoint {}; {} is marked incomplete. "
          "Resume with: noneq-fokker-planck {} --restart {}",
          n, solver.time(), config.checkpoint, config.file, cl.deck, config.checkpoint));
    }
  }
  solver.write_checkpoint(config.checkpoint, out->frames(), run_id);
  out->finish(true);
  if (!have_last) last = solver.monitors();
  log.info("done: t = {:g} after {} steps; {}", solver.time(), solver.step_index(),
           monitor_line(last, g.dim, absorbing));
  log.info("assembly {:.3f} s, linear solves {:.3f} s ({} Krylov iterations)", solver.assembly_seconds(),
           solver.solve_seconds(), solver.linear_iterations());
  log.info("wrote {} (+ {}), checkpoint {}", config.file, core::xdmf_path_for(config.file), config.checkpoint);
  log_memory(log, comm);
  return core::kOk;
}

}  // namespace noneq::fokker_planck
