#include "langevin/run.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "core/app.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/provenance.hpp"
#include "core/runtime.hpp"
#include "core/statistics.hpp"
#include "langevin/config.hpp"
#include "langevin/io.hpp"
#include "langevin/simulation.hpp"

namespace noneq::langevin {

namespace {

/// Keys given in the deck that this model does not read (warned about, not silently ignored).
core::UnusedKeys unused_keys(const core::Deck& d, const Config& c) {
  const bool ud = c.model == Model::Underdamped;
  core::UnusedKeys u(d);
  u.note("dynamics.persistence_time", c.model == Model::Aoup)
      .note("dynamics.mass", ud)
      .note("dynamics.friction", ud)
      .note("dynamics.mobility", !ud)
      .note("dynamics.rotational_diffusion", c.model == Model::Abp || (ud && c.active()))
      .note("interaction.epsilon", c.interacting())
      .note("interaction.skin", c.interacting());
  return u;
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
  if (!cl.restart) core::check_output_path(config.file, cl.overwrite, comm);
  if (cl.restart && !std::filesystem::exists(*cl.restart))
    throw core::InputError(fmt::format("--restart: checkpoint `{}` does not exist", *cl.restart));
  if (config.init == Init::File && !cl.restart) {
    if (!std::filesystem::exists(config.init_file))
      throw core::InputError(fmt::format("{}: [system] init_file: `{}` does not exist", config.deck_name, config.init_file));
    if (!core::h5::is_hdf5(config.init_file))
      throw core::InputError(fmt::format("{}: [system] init_file: `{}` is not an HDF5 file", config.deck_name,
                                         config.init_file));
  }

  Simulation sim(config, comm);  // throws InputError if the box is too small for the ranks
  log.banner("noneq-langevin", deck.effective_ini(), size);
  unused_keys(deck, config).warn(log, fmt::format(" (model {}, potential {})", model_name(config.model),
                                                    config.interacting() ? "wca" : "none"));
  core::install_signal_handlers();
  const Domain& dom = sim.domain();
  log.info("{} {}D, N = {}, box {:g}{}{}, packing fraction {:.4g}, kT = {:g}; rank grid {}x{}{}",
           model_name(config.model), config.dim, config.particles, config.box[0], fmt::format(" x {:g}", config.box[1]),
           config.dim == 3 ? fmt::format(" x {:g}", config.box[2]) : "",
           static_cast<double>(config.particles) * config.particle_volume() / dom.volume(), config.kT(), dom.dims()[0],
           dom.dims()[1], config.dim == 3 ? fmt::format("x{}", dom.dims()[2]) : "");
  if (config.model == Model::Abp && config.rotational_diffusion > 0 && config.interacting())
    log.info("Péclet number 3 v0 / (sigma D_r) = {:.4g}", 3 * config.v0 / (config.sigma * config.rotational_diffusion));

  core::RunInfo info{"noneq-langevin", "langevin", deck.source_text(), cl.deck, deck.effective_ini(), cl.text};
  std::string run_id;
  std::unique_ptr<Output> out;
  const auto names = sim.observables().names();
  if (cl.restart) {
    const CheckpointInfo ck = sim.restart(*cl.restart);
    core::check_restart_deck(ck.deck, deck.effective_ini(), *cl.restart, [](const std::string& k) {
      return k == "time.steps" || k.rfind("output.", 0) == 0 || k == "system.init" || k == "system.init_file";
    }, "[time] steps and [output] keys");
    run_id = ck.run_id;
    out = Output::reopen(config.file, config, dom, sim.particles(), names, run_id, ck.frames, ck.records);
    log.info("restarted from {} at step {}, t = {:g} ({} frames, {} records kept)", *cl.restart, ck.step, sim.time(),
             ck.frames, ck.records);
  } else {
    sim.initialize();
    if (sim.relax_iterations() > 0)
      log.info("initial overlaps relaxed in {} steepest-descent steps", sim.relax_iterations());
    run_id = core::make_run_id(comm);
    out = std::make_unique<Output>(config.file, config, dom, sim.particles(), names, info, run_id);
    if (config.every > 0) out->write_frame(sim.particles(), 0, 0.0);
    out->write_record(sim.record(), 0, 0.0);  // configuration at t = 0; window averages NaN
  }

  core::Progress progress(log, config.steps, config.progress_interval);
  std::vector<double> epr_series;
  Record last;
  bool have_last = false;
  double io_seconds = 0;
  const auto loop_start = std::chrono::steady_clock::now();
  const std::int64_t first_step = sim.step_index();
  auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  while (sim.step_index() < config.steps) {
    sim.step();
    const std::int64_t n = sim.step_index();
    const auto io0 = std::chrono::steady_clock::now();
    if (n % config.observables_every == 0) {
      last = sim.record();
      have_last = true;
      out->write_record(last, n, sim.time());
      epr_series.push_back(last.value("entropy_production"));
    }
    if (config.every > 0 && n % config.every == 0) out->write_frame(sim.particles(), n, sim.time());
    if (config.checkpoint_every > 0 && n % config.checkpoint_every == 0 && n < config.steps) {
      sim.write_checkpoint(config.checkpoint, out->frames(), out->records(), run_id, deck.effective_ini());
      sim.refresh();
    }
    io_seconds += seconds_since(io0);
    progress.update(n, sim.time(), [&] {
      if (!have_last) return std::string("(no record yet)");
      std::string s;
      for (std::size_t k = 0; k < last.names.size() && k < 4; ++k)
        s += fmt::format("{}{}={:.5g}", k ? " " : "", last.names[k], last.values[k]);
      return s;
    });
    if (core::interrupt_requested(comm)) {
      sim.write_checkpoint(config.checkpoint, out->frames(), out->records(), run_id, deck.effective_ini());
      out->finish(false);
      throw core::Interrupted(fmt::format(
          "signal received at step {}, t = {:g}: wrote checkpoint {}; {} is marked incomplete. "
          "Resume with: noneq-langevin {} --restart {}",
          n, sim.time(), config.checkpoint, config.file, cl.deck, config.checkpoint));
    }
  }
  const double loop_seconds = seconds_since(loop_start);
  sim.write_checkpoint(config.checkpoint, out->frames(), out->records(), run_id, deck.effective_ini());
  out->finish(true);

  // Summary.
  const std::int64_t steps_done = sim.step_index() - first_step;
  const double compute = loop_seconds - io_seconds;
  const double rate = steps_done > 0 ? static_cast<double>(config.particles) * static_cast<double>(steps_done) / compute : 0;
  double busy = sim.busy_seconds(), busy_max = 0, busy_sum = 0;
  MPI_Allreduce(&busy, &busy_max, 1, MPI_DOUBLE, MPI_MAX, comm);
  MPI_Allreduce(&busy, &busy_sum, 1, MPI_DOUBLE, MPI_SUM, comm);
  double nloc = static_cast<double>(sim.particles().n), nmax = 0;
  MPI_Allreduce(&nloc, &nmax, 1, MPI_DOUBLE, MPI_MAX, comm);
  log.info("done: {} steps, t = {:g}; {} neighbour-list builds", steps_done, sim.time(), sim.list_builds());
  log.info("throughput: {:.4g} particle-steps/s ({:.3g} ns per particle-step per rank; {:.3f} s stepping, {:.3f} s output)",
           rate, rate > 0 ? 1e9 * size / rate : 0.0, compute, io_seconds);
  log.info("load imbalance: busy time max/mean = {:.3f}, particles max/mean = {:.3f}",
           busy_sum > 0 ? busy_max / (busy_sum / size) : 1.0, nmax / (static_cast<double>(config.particles) / size));
  if (have_last) {
    std::string s;
    for (std::size_t k = 0; k < last.names.size(); ++k) s += fmt::format("\n  {:<26} {:.8g}", last.names[k], last.values[k]);
    log.info("last record (window of {} steps):{}", config.observables_every, s);
  }
  // Batch means over the records after the first 20 % (stationarity assumed there).
  const core::BatchMeans e =
      core::batch_means(std::vector<double>(epr_series.begin() + static_cast<long>(epr_series.size() / 5), epr_series.end()), 10);
  if (e.batches > 0)
    log.info("entropy production per particle: {:.6g} ± {:.2g} (batch means, {} batches, first 20 % of records skipped)",
             e.mean, e.error, e.batches);
  double rss = static_cast<double>(core::peak_rss_bytes()), mx = 0;
  MPI_Allreduce(&rss, &mx, 1, MPI_DOUBLE, MPI_MAX, comm);
  log.info("peak memory: {:.1f} MiB per rank (max)", mx / 1048576.0);
  log.info("wrote {}, checkpoint {}", config.file, config.checkpoint);
  return core::kOk;
}

}  // namespace noneq::langevin
