#include "kinetic/active_fluid/run.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <type_traits>

#include "core/app.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/provenance.hpp"
#include "core/runtime.hpp"
#include "kinetic/active_fluid/checkpoint.hpp"
#include "kinetic/active_fluid/config.hpp"
#include "kinetic/active_fluid/fluid.hpp"
#include "kinetic/active_fluid/homogeneous.hpp"
#include "kinetic/active_fluid/observables.hpp"
#include "kinetic/active_fluid/output.hpp"

namespace noneq::kinetic::active_fluid {

namespace {

/// Keys given in the deck that this run does not read (warned about, once each).
core::UnusedKeys unused_keys(const core::Deck& d, const Config& c) {
  core::UnusedKeys u(d);
  auto unused = [&](const char* key, bool used) { u.note(key, used); };
  const bool periodic = c.geometry == Geometry::Periodic;
  unused("physics.d_t", periodic);
  for (const char* k : {"grid.n", "grid.length", "initial.perturbation", "initial.amplitude", "initial.wavevector",
                        "initial.kmax", "random.seed", "stokes.tolerance", "stokes.max_iterations", "fft.planner",
                        "output.field_interval"})
    unused(k, periodic);
  unused("grid.ntheta", c.level == Level::Kinetic);
  unused("initial.wavevector", c.perturbation == Perturbation::Wave);
  unused("initial.kmax", c.perturbation == Perturbation::Random);
  unused("random.seed", c.perturbation == Perturbation::Random);
  // The homogeneous mode has no flow of its own: the active and constraint stresses and swimming
  // (V0 moves Psi in space only) play no part.
  unused("physics.alpha", periodic);
  unused("physics.beta", periodic);
  unused("physics.v0", periodic);
  unused("stokes.tolerance", c.physics.beta > 0);
  unused("stokes.max_iterations", c.physics.beta > 0);
  return u;
}

std::string monitors(const std::vector<double>& r) {
  return fmt::format("order={:.4g} E_kin={:.4g} c=[{:.4g}, {:.4g}] cfl={:.3g}", r[kNematicOrder], r[kKineticEnergy],
                     r[kConcentrationMin], r[kConcentrationMax], r[kCfl]);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

template <class Solver>
void run_solver(Solver& solver, const Config& config, const core::Deck& deck, const core::CommandLine& cl,
                const CheckpointInfo& ck, const core::RunInfo& info, const core::Log& log, MPI_Comm comm) {
  constexpr bool periodic = std::is_same_v<Solver, Fluid>;
  const Spectral* fft = nullptr;
  if constexpr (periodic) fft = &solver.spectral();
  std::unique_ptr<Output> out;
  std::string run_id;
  if (cl.restart) {
    read_checkpoint(*cl.restart, solver, comm);
    run_id = ck.run_id;
    out = Output::reopen(config, fft, run_id, ck.records, ck.frames, ck.psi_frames, comm);
    out->record_restart(deck.effective_ini(), *cl.restart, solver.time());
    log.info("restarted from {} at t = {:g} (step {}; {} records, {} field frames kept)", *cl.restart, solver.time(),
             solver.step_index(), ck.records, ck.frames);
  } else {
    solver.initialize();
    run_id = core::make_run_id(comm);
    out = std::make_unique<Output>(config, fft, info, run_id, config.max_mode() + 1, comm);
  }
  const std::int64_t per_record = config.steps_per_record(), total = config.steps();
  const std::int64_t rpf = config.records_per_field(), rpp = config.records_per_psi();
  const std::int64_t per_checkpoint =
      config.checkpoint_interval > 0 ? std::llround(config.checkpoint_interval / config.interval) : 0;
  std::vector<double> last;
  auto record = [&] {
    last = solver.measure();
    std::vector<double> spectrum;
    if constexpr (periodic) spectrum = solver.energy_spectrum();
    out->write_record(last, spectrum);
    if constexpr (periodic)
      if (rpf > 0 && (out->records() - 1) % rpf == 0) out->write_fields(solver.time(), solver.fields());
    if (rpp > 0 && (out->records() - 1) % rpp == 0) {
      std::vector<double> modes, u;
      solver.psi_frame(modes, u);
      out->write_psi(solver.time(), modes, u);
    }
  };
  auto save = [&] {
    CheckpointInfo s;
    s.time = solver.time();
    s.step = solver.step_index();
    s.records = out->records();
    s.frames = out->frames();
    s.psi_frames = out->psi_frames();
    s.modes = solver.modes();
    s.run_id = run_id;
    s.deck = deck.effective_ini();
    write_checkpoint(config.checkpoint, solver, s, comm);
  };
  if (!cl.restart) record();
  core::Progress progress(log, total, config.progress_interval);
  const std::int64_t first = solver.step_index();
  double busy = 0, io = 0;
  double fft0 = 0;
  if constexpr (periodic) fft0 = solver.spectral().fft_seconds();
  while (solver.step_index() < total) {
    const auto t0 = std::chrono::steady_clock::now();
    solver.step();
    busy += seconds_since(t0);
    const std::int64_t k = solver.step_index();
    if (k % per_record != 0) continue;
    const auto io0 = std::chrono::steady_clock::now();
    record();
    const std::int64_t r = k / per_record;
    if (per_checkpoint > 0 && r % per_checkpoint == 0 && k < total) save();
    io += seconds_since(io0);
    progress.update(k, solver.time(), [&] { return monitors(last); });
    if (core::interrupt_requested(comm)) {
      save();
      out->finish(false);
      throw core::Interrupted(fmt::format("signal received at t = {:g}: wrote checkpoint {}; {} is marked incomplete. "
                                          "Resume with: noneq-active-fluid {} --restart {}",
                                          solver.time(), config.checkpoint, config.file, cl.deck, config.checkpoint));
    }
  }
  save();
  out->finish(true);
  const std::int64_t steps = solver.step_index() - first;
  double busy_max = 0;
  MPI_Allreduce(&busy, &busy_max, 1, MPI_DOUBLE, MPI_MAX, comm);
  if constexpr (periodic) {
    double fft = solver.spectral().fft_seconds() - fft0, fft_max = 0;
    MPI_Allreduce(&fft, &fft_max, 1, MPI_DOUBLE, MPI_MAX, comm);
    log.info("done: {} steps to t = {:g} in {:.3f} s: {:.4g} ms/step, {:.3g} grid-point-mode updates/s; FFTW {:.1f} % "
             "of step time; {} Stokes solves ({:.3f} s records and output)",
             steps, solver.time(), busy_max, steps > 0 ? 1e3 * busy_max / static_cast<double>(steps) : 0.0,
             busy_max > 0 ? static_cast<double>(steps) * static_cast<double>(config.n * config.n) * solver.modes() / busy_max
                          : 0.0,
             busy_max > 0 ? 100 * fft_max / busy_max : 0.0, solver.stokes_iterations(), io);
  } else {
    log.info("done: {} steps to t = {:g} in {:.3f} s", steps, solver.time(), busy_max);
  }
  if (!last.empty()) {
    log.info("final state: <c> = {:.10g}, nematic order <s> = {:.6g}, <D> = [{:.6g} {:.6g}; {:.6g} {:.6g}]",
             last[kConcentration], last[kNematicOrder], last[kMeanD], last[kMeanD + 1], last[kMeanD + 1],
             last[kMeanD + 2]);
    if (config.level == Level::Kinetic)
      log.info("a-priori closure errors (relative L2): quadratic S:E {:.3g}, S:D {:.3g}; Bingham S:E {:.3g}, S:D {:.3g}",
               last[kClosureError], last[kClosureError + 1], last[kClosureError + 2], last[kClosureError + 3]);
  }
}

}  // namespace

int run(const core::CommandLine& cl, MPI_Comm comm) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  const core::Schema schema = Config::schema();
  const core::Log log(comm);
  auto start = core::start_app<Config>(cl, schema, log);
  if (!start) return core::kOk;
  const core::Deck& deck = start->deck;
  Config& config = start->config;
  const bool periodic = config.geometry == Geometry::Periodic;
  if (periodic) {
    if (config.n % size != 0)
      deck.fail("grid.n", fmt::format("{} is not divisible by the {} MPI ranks (FFTW slabs of equal height)", config.n, size));
    if (config.n / size < 2)
      deck.fail("grid.n", fmt::format("{} points give fewer than 2 rows per rank on {} ranks: use fewer ranks", config.n,
                                      size));
  }
  Closure closure = Closure::bingham();
  if (config.level == Level::Moments) {
    if (config.closure == ClosureKind::Quadratic) closure = Closure::quadratic();
    else if (config.closure == ClosureKind::Table)
      closure = Closure::table(config.closure_table, config.deck_name, "[model] closure_table");
  }
  if (!cl.restart) core::check_output_path(config.file, cl.overwrite, comm);
  if (config.level == Level::Kinetic && config.order > 0) {
    // The Bingham base state has modes mu_2k = c I_k(b)/I_0(b); the first one not kept says how much
    // of it the angular resolution drops.
    const double b = bingham::parameter_of(config.order);
    const int first_dropped = config.max_mode() / 2 + 1;
    double ratio = 1;
    for (int j = 1; j <= first_dropped; ++j) ratio *= bingham::bessel_ratio(j, b);
    if (ratio > 1e-6)
      log.warn("{}: [initial] order = {:g}: the Bingham base state has |mu_{}|/c = {:.2g} beyond the kept modes "
               "(grid.ntheta = {}): the run starts from the truncated distribution; raise grid.ntheta to resolve it",
               config.deck_name, config.order, 2 * first_dropped, ratio, config.ntheta);
  }
  CheckpointInfo ck;
  if (cl.restart) {
    ck = read_checkpoint_info(*cl.restart, comm);
    if (config.end < ck.time - 1e-9 * std::max(1.0, ck.time))
      deck.fail("time.end", fmt::format("{:g} is before the checkpoint's time {:g} (`{}`): a restart continues a run",
                                        config.end, ck.time, *cl.restart));
    core::check_restart_deck(ck.deck, deck.effective_ini(), *cl.restart,
                             [](const std::string& k) {
                               return k == "time.end" || k == "output.file" || k == "output.checkpoint" ||
                                      k == "output.checkpoint_interval" || k == "output.progress_interval" ||
                                      k == "fft.planner" || k == "stokes.max_iterations";
                             },
                             "[time] end, [output] file, checkpoint, checkpoint_interval, progress_interval, [fft] "
                             "planner and [stokes] max_iterations");
  }
  log.banner("noneq-active-fluid", deck.effective_ini(), size);
  unused_keys(deck, config).warn(log);
  core::install_signal_handlers();
  const Parameters& P = config.physics;
  log.info("{} model{}, {}: alpha = {:g}, beta = {:g}, zeta = {:g}, {}d_R = {:g}, V0 = {:g}, c0 = {:g}{}",
           level_name(config.level),
           config.level == Level::Moments ? fmt::format(" ({} closure)", closure_name(config.closure)) : "",
           periodic ? "periodic box" : "homogeneous", P.alpha, P.beta, P.zeta,
           periodic ? fmt::format("d_T = {:g}, ", P.d_t) : "", P.d_r, P.v0, config.concentration,
           P.v0 == 0 ? " (apolar: even angular modes only)" : "");
  if (config.level == Level::Moments && config.closure == ClosureKind::Table)
    log.info("closure table {} covers nematic order s <= {:.4g} (clamped beyond)", config.closure_table,
             closure.table_s_max());
  core::RunInfo info{"noneq-active-fluid", "active-fluid", deck.source_text(), cl.deck, deck.effective_ini(), cl.text};
  if (periodic) {
    if (P.v0 == 0 && P.zeta == 0) {
      const double sigma = -P.alpha / (4 + P.beta / 2) - 4 * P.d_r;
      log.info("isotropic state: linear growth rate sigma(k) = {:.6g} - d_T k^2 (unstable for k < {:.4g}; box "
               "wavenumber 2 pi/L = {:.4g})",
               sigma, sigma > 0 ? std::sqrt(sigma / P.d_t) : 0.0, 2 * 3.14159265358979 / config.length);
    }
    Fluid fluid(config, closure, comm);
    log.info("{}^2 grid (L = {:g}) x {} angular modes on {} rank{}: {} rows per rank; {} steps of dt = {:g}",
             config.n, config.length, fluid.modes(), size, size == 1 ? "" : "s", config.n / size, config.steps(),
             config.dt);
    run_solver(fluid, config, deck, cl, ck, info, log, comm);
  } else {
    log.info("imposed simple shear u_x = {:g} y: Pe = shear_rate/d_R = {:g}", config.shear_rate,
             config.shear_rate / P.d_r);
    Homogeneous hom(config, closure);
    run_solver(hom, config, deck, cl, ck, info, log, comm);
  }
  double rss = static_cast<double>(core::peak_rss_bytes()), mx = 0;
  MPI_Allreduce(&rss, &mx, 1, MPI_DOUBLE, MPI_MAX, comm);
  log.info("peak memory: {:.1f} MiB per rank (max)", mx / 1048576.0);
  log.info("wrote {}{}, checkpoint {}", config.file, periodic && config.records_per_field() > 0 ? " (+ .xmf)" : "",
           config.checkpoint);
  return core::kOk;
}

}  // namespace noneq::kinetic::active_fluid
