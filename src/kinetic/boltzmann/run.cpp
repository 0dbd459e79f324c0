#include "kinetic/boltzmann/run.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>

#include "core/collective.hpp"
#include "core/app.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/provenance.hpp"
#include "core/runtime.hpp"
#include "core/statistics.hpp"
#include "kinetic/boltzmann/checkpoint.hpp"
#include "kinetic/boltzmann/config.hpp"
#include "kinetic/boltzmann/dsmc.hpp"
#include "kinetic/boltzmann/exact.hpp"
#include "kinetic/boltzmann/moments.hpp"
#include "kinetic/boltzmann/observables.hpp"
#include "kinetic/boltzmann/output.hpp"
#include "kinetic/boltzmann/test_particle.hpp"

namespace noneq::kinetic::boltzmann {

namespace {

/// Keys given in the deck that this run does not read (warned about).
core::UnusedKeys unused_keys(const core::Deck& d, const Config& c) {
  core::UnusedKeys u(d);
  auto unused = [&](const char* key, bool used) { u.note(key, used); };
  const bool particles = c.solver != Solver::Moments;
  unused("gas.soft_cutoff", c.gamma < 0 && particles);
  unused("dsmc.particles", c.solver == Solver::Dsmc);
  unused("dsmc.samples", particles);
  unused("test_particle.particles", c.solver == Solver::TestParticle);
  unused("test_particle.mass_ratio", c.solver == Solver::TestParticle);
  unused("test_particle.background_temperature", c.solver == Solver::TestParticle);
  unused("time.dt", c.solver == Solver::Dsmc);
  unused("time.tolerance", !particles);
  for (const char* k : {"output.histogram_interval", "output.histogram_bins", "output.histogram_range",
                        "output.distribution_bins"})
    unused(k, particles);
  return u;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string monitors(const std::vector<double>& r) {
  // Offsets in derive(): temperature 11, zeta* 14, a* 15, eta* 16.
  return fmt::format("T={:.5g} zeta*={:.4g} a*={:.4g} eta*={:.4g}", r[11], r[14], r[15], r[16]);
}

// Mass-weighted State from the reduced sums: P = n m <VV>; moments scaled to m = 1 units so that
// derive() reduces them by T (per molecule). `per_collision`: molecules counted per collision
// (2 in dsmc, 1 for a tagged molecule).
State state_from(const VelocitySums& s, double t, double density, double interval, double mass, double per_collision,
                 bool thermostat, std::int64_t samples, double nu) {
  State st;
  st.time = t;
  st.density = density;
  st.nu = nu;
  for (int k = 0; k < 6; ++k) st.pressure[k] = density * mass * s.vv[k] / s.count;
  for (int a = 0; a < 3; ++a) {
    st.vi4[a] = mass * mass * s.vi4[a] / s.count;
    st.mean_velocity[a] = s.v[a] / s.count;
  }
  st.v4 = mass * mass * s.v4 / s.count;
  st.v6 = mass * mass * mass * s.v6 / s.count;
  if (t > 0) {
    if (thermostat) st.zeta = -s.log_scale / static_cast<double>(samples) / interval;
    st.collision_rate = per_collision * s.collisions / s.count / interval;
  }
  return st;
}

void log_summary(const core::Log& log, const Config& c, const std::vector<std::vector<double>>& records) {
  std::vector<std::vector<double>> window;
  for (const auto& r : records)
    if (r[0] >= c.average_from - 1e-9 * c.interval) window.push_back(r);
  if (window.empty()) return;
  const auto exact = exact_steady(c);
  const bool deterministic = c.solver == Solver::Moments;  // no statistical error: values only
  if (deterministic || window.size() < static_cast<std::size_t>(c.batches))
    log.info("averages over t >= {:g} ({} records{}):", c.average_from, window.size(),
             deterministic ? "" : fmt::format("; fewer than {} batches: no error bars", c.batches));
  else
    log.info("steady-state averages over t >= {:g} ({} records, {} batches):", c.average_from, window.size(), c.batches);
  std::vector<std::string> correlated;
  std::vector<double> column(window.size());
  std::size_t at = 0;
  for (const auto& s : series_specs()) {
    std::size_t width = 1;
    for (auto d : s.shape) width *= d;
    const bool skip = s.name == "time" || s.name == "pressure_tensor" || s.name == "mean_velocity" || s.name == "density";
    for (std::size_t q = 0; q < width && !skip; ++q) {
      for (std::size_t r = 0; r < window.size(); ++r) column[r] = window[r][at + q];
      const core::BatchMeans b = core::batch_means(column, static_cast<int>(c.batches));
      if (std::isnan(b.mean)) continue;
      if (s.name == "pressure_tensor_reduced" && !(q == 0 || q == 1 || q == 4 || q == 8)) continue;
      std::string label = s.name;
      if (width > 1) label += fmt::format("[{}]", q);
      std::string ex;
      if (!exact.empty() && !std::isnan(exact[at + q])) ex = fmt::format("   exact {:.6g}", exact[at + q]);
      if (deterministic || std::isnan(b.error)) {
        log.info("  {:<30} {:.6g}{}", label, b.mean, ex);
      } else {
        log.info("  {:<30} {:.6g} ± {:.2g}{}", label, b.mean, b.error, ex);
        if (b.lag1 > 0.5 && b.error > 1e-12 * std::abs(b.mean)) correlated.push_back(label);  // not for constants
      }
    }
    at += width;
  }
  if (!correlated.empty()) {
    std::string list;
    for (const auto& l : correlated) list += (list.empty() ? "" : ", ") + l;
    log.warn("consecutive batch means are correlated (lag-1 correlation > 0.5) for {}: those error bars are too small; "
             "average over a longer time or use fewer [output] batches", list);
  }
}

// The particle solvers seen by run_particles(), advanced one record interval (window) at a time.
struct DsmcDriver {
  Dsmc& s;
  std::int64_t per_record;  // steps
  void initialize() { s.initialize(); }
  void advance() { s.advance(per_record); }
  std::int64_t index() const { return s.step_index() / per_record; }
  void set_index(std::int64_t k) { s.set_step(k * per_record); }
  double time() const { return s.time(); }
  std::int64_t samples() const { return s.samples(); }
  VelocitySums measure(Histograms* h) { return s.measure(h); }
  State state(const VelocitySums& v, const Config& c, const Flow& f) const {
    const double t = s.time();
    return state_from(v, t, f.density(t), c.interval, 1.0, 2.0, c.thermostat == Thermostat::Gaussian, s.samples(), kNaN);
  }
  void write(const std::string& path, const CheckpointInfo& i, MPI_Comm comm) const { write_checkpoint(path, s, i, comm); }
  void read(const std::string& path, MPI_Comm comm) { read_checkpoint(path, s, comm); }
  std::int64_t raises() const { return s.majorant_raises(); }
  bool rank_dependent() const { return s.rank_dependent(); }
};

struct TestParticleDriver {
  TestParticles& s;
  void initialize() { s.initialize(); }
  void advance() { s.advance_window(); }
  std::int64_t index() const { return s.window(); }
  void set_index(std::int64_t k) { s.set_window(k); }
  double time() const { return s.time(); }
  std::int64_t samples() const { return s.samples(); }
  VelocitySums measure(Histograms* h) { return s.measure(h); }
  State state(const VelocitySums& v, const Config& c, const Flow& f) const {
    const double t = s.time();
    const Kernel k = Kernel::from_config(c);
    return state_from(v, t, f.density(t), c.interval, c.mass_ratio, 1.0, false, s.samples(),
                      k.nu(f.density(t), c.background_temperature));
  }
  void write(const std::string& path, const CheckpointInfo& i, MPI_Comm comm) const { write_checkpoint(path, s, i, comm); }
  void read(const std::string& path, MPI_Comm comm) { read_checkpoint(path, s, comm); }
  std::int64_t raises() const { return s.majorant_raises(); }
  bool rank_dependent() const { return s.rank_dependent(); }
};

template <class Driver>
void run_particles(Driver drv, const Config& config, const Kernel& kernel, const Flow& flow, const core::Deck& deck,
                   const core::CommandLine& cl, const CheckpointInfo& ck, const core::RunInfo& info,
                   const core::Log& log, std::vector<std::vector<double>>& records, MPI_Comm comm) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  std::unique_ptr<Output> out;
  std::string run_id;
  const std::int64_t N = config.particles;
  if (cl.restart) {
    drv.set_index(ck.window);
    if (std::abs(drv.time() - ck.time) > 1e-9 * std::max(1.0, ck.time))
      throw core::InputError(fmt::format("--restart: checkpoint `{}` is at t = {:g}, but its record {} is at t = {:g} "
                                         "with this deck's [output] interval", *cl.restart, ck.time, ck.window, drv.time()));
    drv.read(*cl.restart, comm);
    run_id = ck.run_id;
    out = Output::reopen(config.file, config, ck.run_id, ck.records, ck.histograms, records, comm);
    log.info("restarted from {} at t = {:g} ({} records kept)", *cl.restart, drv.time(), ck.records);
  } else {
    drv.initialize();
    run_id = core::make_run_id(comm);
    out = std::make_unique<Output>(config.file, config, kernel, drv.samples(), info, run_id, comm);
  }
  log.info("{} molecules in {} independent sample{} on {} rank{}", N, drv.samples(), drv.samples() == 1 ? "" : "s",
           size, size == 1 ? "" : "s");
  if (drv.rank_dependent())
    log.warn("{}: [dsmc] samples: the automatic count ceil(N/{}) = {} is below the {} ranks and was raised to {}: "
             "results now depend on the rank count (set [dsmc] samples to a fixed value >= the rank count)",
             config.deck_name, kSampleSize, (N + kSampleSize - 1) / kSampleSize, size, drv.samples());
  const auto windows = static_cast<std::int64_t>(std::llround(config.end / config.interval));
  const std::int64_t rph = config.records_per_histogram();
  const std::int64_t per_checkpoint =
      config.checkpoint_interval > 0 ? std::llround(config.checkpoint_interval / config.interval) : 0;
  Histograms hist;
  std::int64_t collisions = 0;
  auto record = [&](bool with_hist) {
    if (with_hist) {
      hist.bins = config.histogram_bins;
      hist.range = config.histogram_range;
      hist.cube = config.distribution_bins;
      hist.marginal.assign(3 * hist.bins, 0);
      hist.distribution.assign(hist.cube * hist.cube * hist.cube, 0);
      hist.outside = 0;
    }
    const VelocitySums sums = drv.measure(with_hist ? &hist : nullptr);
    collisions += static_cast<std::int64_t>(sums.collisions);
    records.push_back(derive(drv.state(sums, config, flow), config, kernel, flow));
    out->write_record(records.back());
    if (!with_hist) return;
    MPI_Allreduce(MPI_IN_PLACE, hist.marginal.data(), static_cast<int>(hist.marginal.size()), MPI_INT64_T, MPI_SUM, comm);
    MPI_Allreduce(MPI_IN_PLACE, hist.distribution.data(), static_cast<int>(hist.distribution.size()), MPI_INT64_T,
                  MPI_SUM, comm);
    MPI_Allreduce(MPI_IN_PLACE, &hist.outside, 1, MPI_INT64_T, MPI_SUM, comm);
    HistogramFrame h;
    h.time = drv.time();
    const double dc = 2 * hist.range / static_cast<double>(hist.bins);
    const double dd = 6.0 / static_cast<double>(std::max<std::int64_t>(hist.cube, 1));
    for (auto c : hist.marginal) h.marginal.push_back(static_cast<double>(c) / (static_cast<double>(N) * dc));
    for (auto c : hist.distribution) h.distribution.push_back(static_cast<double>(c) / (static_cast<double>(N) * dd * dd * dd));
    h.outside = static_cast<double>(hist.outside) / static_cast<double>(N);
    out->write_histograms(h);
  };
  CheckpointInfo state_info;
  state_info.solver = solver_name(config.solver);
  auto save = [&] {
    state_info.window = drv.index();
    state_info.time = drv.time();
    state_info.records = out->records();
    state_info.histograms = out->histograms();
    state_info.samples = drv.samples();
    state_info.run_id = run_id;
    state_info.deck = deck.effective_ini();
    drv.write(config.checkpoint, state_info, comm);
  };
  if (!cl.restart) record(rph > 0);
  core::Progress progress(log, windows, config.progress_interval);
  const std::int64_t first = drv.index();
  double busy = 0, io_seconds = 0;
  while (drv.index() < windows) {
    const auto c0 = std::chrono::steady_clock::now();
    core::collectively(comm, [&] { drv.advance(); });  // a failure on one rank stops all
    busy += seconds_since(c0);
    const std::int64_t k = drv.index();
    const auto io0 = std::chrono::steady_clock::now();
    record(rph > 0 && k % rph == 0);
    if (per_checkpoint > 0 && k % per_checkpoint == 0 && k < windows) save();
    io_seconds += seconds_since(io0);
    progress.update(k, drv.time(), [&] { return monitors(records.back()); });
    if (core::interrupt_requested(comm)) {
      save();
      out->finish(records, false);
      throw core::Interrupted(fmt::format(
          "signal received at t = {:g}: wrote checkpoint {}; {} is marked incomplete. Resume with: "
          "noneq-boltzmann-shear {} --restart {}",
          drv.time(), config.checkpoint, config.file, cl.deck, config.checkpoint));
    }
  }
  save();
  out->finish(records, true);
  double busy_max = 0;
  MPI_Allreduce(&busy, &busy_max, 1, MPI_DOUBLE, MPI_MAX, comm);
  log.info("done: {} record intervals, t = {:g}; {} collisions in {:.3f} s: {:.4g} collisions/s, {:.4g} per rank "
           "({:.3f} s records and output)",
           drv.index() - first, drv.time(), collisions, busy_max,
           busy_max > 0 ? static_cast<double>(collisions) / busy_max : 0.0,
           busy_max > 0 ? static_cast<double>(collisions) / busy_max / size : 0.0, io_seconds);
  std::int64_t raises = drv.raises();
  MPI_Allreduce(MPI_IN_PLACE, &raises, 1, MPI_INT64_T, MPI_SUM, comm);
  if (raises > 0) log.info("collision majorant exceeded {} times (see README: the bias this causes is negligible)", raises);
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
  const Flow flow(config.deformation);
  if (const double tc = flow.collapse_time(config.end); tc > 0)
    throw core::InputError(fmt::format("{}: [flow] deformation: det(I + tA) reaches 0 at t = {:.6g} <= time.end = {:g}: "
                                       "the flow compresses the gas to zero volume",
                                       config.deck_name, tc, config.end));
  const Kernel kernel = Kernel::from_config(config);
  const bool particles = config.solver != Solver::Moments;
  if (config.solver == Solver::Dsmc) {
    // Bird's rule: the NTC bookkeeping (majorant, soft cut-off) is refreshed once per step.
    const double per_step = kernel.collision_frequency(1, config.temperature) * config.dt;
    if (per_step > 1)
      throw core::InputError(fmt::format(
          "{}: [time] dt: {:g} gives {:.3g} collisions per molecule per step (nu_c dt; nu_c = {:.4g}); keep it <= 1 (the "
          "majorant and the soft cut-off are refreshed once per step)",
          config.deck_name, config.dt, per_step, kernel.collision_frequency(1, config.temperature)));
  }
  if (!cl.restart) core::check_output_path(config.file, cl.overwrite, comm);
  CheckpointInfo ck;
  if (cl.restart) {
    ck = read_checkpoint_info(*cl.restart, config, comm);
    // The record grid, the histogram layout and the physics must stay as they were.
    core::check_restart_deck(ck.deck, deck.effective_ini(), *cl.restart,
                             [&](const std::string& k) {
                               if (k == "time.dt" && config.solver != Solver::Dsmc) return true;       // unused
                               if (k == "time.tolerance" && config.solver != Solver::Moments) return true;
                               return k == "time.end" || k == "output.file" || k == "output.checkpoint" ||
                                      k == "output.checkpoint_interval" || k == "output.progress_interval" ||
                                      k == "output.average_from" || k == "output.batches";
                             },
                             "[time] end and [output] file, checkpoint, checkpoint_interval, progress_interval, "
                             "average_from, batches");
    if (config.solver != Solver::Moments) config.samples = ck.samples;
  }

  log.banner("noneq-boltzmann-shear", deck.effective_ini(), size);
  unused_keys(deck, config).warn(log, fmt::format(" (solver {})", solver_name(config.solver)));
  core::install_signal_handlers();
  log.info("{} with kernel {} (gamma = {:g}, kappa = {:.6g}): nu = {:g}, collision frequency nu_c = {:.6g} at n = 1, "
           "T = {:g}",
           solver_name(config.solver), kernel_name(config.kernel), config.gamma, kernel.kappa, config.nu,
           config.kernel == KernelKind::Bgk ? kNaN : kernel.collision_frequency(1, config.temperature), config.temperature);
  if (config.simple_shear)
    log.info("simple shear a = {:g} (a* = a/nu = {:g}), thermostat {}", config.shear_rate, config.a_reduced(),
             config.thermostat == Thermostat::Gaussian ? "gaussian" : "none");
  else
    log.info("homoenergetic flow A = [{:g} {:g} {:g}; {:g} {:g} {:g}; {:g} {:g} {:g}], thermostat {}",
             config.deformation[0], config.deformation[1], config.deformation[2], config.deformation[3],
             config.deformation[4], config.deformation[5], config.deformation[6], config.deformation[7],
             config.deformation[8], config.thermostat == Thermostat::Gaussian ? "gaussian" : "none");
  if (config.gamma < 0 && particles) {
    const auto b = cutoff_bias(config.gamma, config.soft_cutoff);
    log.info("soft kernel capped below g_c = {:g} sqrt(T): changes nu by {:.3g} % and nu_c by {:.3g} % (Maxwellian at T)",
             config.soft_cutoff, 100 * b.nu, 100 * b.collision_frequency);
  }
  if (config.solver == Solver::TestParticle) {
    log.info("test particles: mass ratio m/m_b = {:g}, background temperature T_b = {:g}", config.mass_ratio,
             config.background_temperature);
    if (config.kernel == KernelKind::Maxwell && config.simple_shear)
      log.info("critical shear rate of the Maxwell-molecule test-particle problem: a_c = {:.6g} (a = {:g})",
               exact::test_particle_critical_shear(config.mass_ratio) * kernel.kappa, config.shear_rate);
  }

  core::RunInfo info{"noneq-boltzmann-shear", "boltzmann-shear", deck.source_text(), cl.deck, deck.effective_ini(),
                     cl.text};
  std::vector<std::vector<double>> records;
  std::unique_ptr<Output> out;
  std::string run_id;
  CheckpointInfo state_info;
  state_info.solver = solver_name(config.solver);

  if (config.solver == Solver::Moments) {
    MomentEquations eq(config);
    eq.initialize();
    if (cl.restart) {
      read_checkpoint(*cl.restart, eq, comm);
      run_id = ck.run_id;
      out = Output::reopen(config.file, config, ck.run_id, ck.records, 0, records, comm);
      log.info("restarted from {} at t = {:g} ({} records kept)", *cl.restart, eq.time(), ck.records);
    } else {
      run_id = core::make_run_id(comm);
      out = std::make_unique<Output>(config.file, config, kernel, 0, info, run_id, comm);
      records.push_back(derive(eq.state(), config, kernel, flow));
      out->write_record(records.back());
    }
    const auto total = static_cast<std::int64_t>(std::llround(config.end / config.interval));
    core::Progress progress(log, total, config.progress_interval);
    auto save = [&] {
      state_info.time = eq.time();
      state_info.records = out->records();
      state_info.run_id = run_id;
      state_info.deck = deck.effective_ini();
      write_checkpoint(config.checkpoint, eq, state_info, comm);
    };
    const auto per_checkpoint =
        config.checkpoint_interval > 0 ? std::llround(config.checkpoint_interval / config.interval) : 0;
    for (std::int64_t k = out->records(); k <= total; ++k) {
      eq.advance_to(static_cast<double>(k) * config.interval);
      records.push_back(derive(eq.state(), config, kernel, flow));
      out->write_record(records.back());
      progress.update(k, eq.time(), [&] { return monitors(records.back()); });
      if (per_checkpoint > 0 && k % per_checkpoint == 0 && k < total) save();
      if (core::interrupt_requested(comm)) {
        save();
        out->finish(records, false);
        throw core::Interrupted(fmt::format("signal received at t = {:g}: wrote checkpoint {}; {} is marked incomplete. "
                                            "Resume with: noneq-boltzmann-shear {} --restart {}",
                                            eq.time(), config.checkpoint, config.file, cl.deck, config.checkpoint));
      }
    }
    save();
    out->finish(records, true);
    log.info("done: t = {:g}, {} adaptive steps", eq.time(), eq.steps_taken());
    if (eq.fourth_moments_lost())
      log.warn("the fourth moments outgrew p^2 by 1e200 at t = {:g} (beyond their critical shear rate they have no "
               "steady state): reported as NaN from then on; the pressure tensor is unaffected",
               eq.fourth_moments_lost_at());
  } else if (config.solver == Solver::Dsmc) {
    Dsmc dsmc(config, comm);
    run_particles(DsmcDriver{dsmc, config.steps_per_record()}, config, kernel, flow, deck, cl, ck, info, log, records, comm);
  } else {
    TestParticles tp(config, comm);
    run_particles(TestParticleDriver{tp}, config, kernel, flow, deck, cl, ck, info, log, records, comm);
  }
  log_summary(log, config, records);
  double rss = static_cast<double>(core::peak_rss_bytes()), mx = 0;
  MPI_Allreduce(&rss, &mx, 1, MPI_DOUBLE, MPI_MAX, comm);
  log.info("peak memory: {:.1f} MiB per rank (max); {:.1f} bytes per molecule of velocity storage", mx / 1048576.0,
           config.solver == Solver::Moments ? 0.0 : 24.0);
  log.info("wrote {}, checkpoint {}", config.file, config.checkpoint);
  return core::kOk;
}

}  // namespace noneq::kinetic::boltzmann
