// noneq-epr FILE [--output OUT] [--overwrite] [--floor REL]
// Local entropy production σ = J·D⁻¹·J/p of every frame of a noneq-fokker-planck grid output
// (layout: src/analysis/epr_tool.hpp). The work is in noneq::analysis; this main parses and reports.
#include <fmt/core.h>

#include <algorithm>

#include "analysis/active_epr.hpp"
#include "analysis/epr_tool.hpp"
#include "analysis/kinetic_epr.hpp"
#include "analysis/particle_epr.hpp"
#include "analysis/tool_cli.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/runtime.hpp"
#include "core/version.hpp"
#include "core/xdmf.hpp"

int main(int argc, char** argv) {
  namespace an = noneq::analysis;
  return noneq::core::run_main(argc, argv, [&](noneq::core::Runtime& rt) {
    an::ToolCli cli("noneq-epr", "usage: noneq-epr FILE [--output OUT] [--overwrite] [--floor REL]",
                    "Local entropy production sigma(x) = J.D^-1.J/p of every frame of a noneq-fokker-planck\n"
                    "grid output, and its integral, next to the solver's own EPR. Writes OUT (default\n"
                    "FILE stem + _epr.h5) with an XDMF sidecar; never modifies FILE. Cells with\n"
                    "p <= REL * max(p) get sigma = 0 (default REL = 1e-14).");
    cli.option("floor", "REL",
               "relative density floor in [0, 1) (default 1e-14 for grid outputs; 0 for noneq-active-fluid Psi)");
    cli.option("from", "T",
               "noneq-langevin / noneq-boltzmann-shear outputs: batch-means error from records at t >= T (default: "
               "the second half, or the run's average_from)");
    const auto cl = cli.parse(argc, argv);
    const noneq::core::Log log(rt.world());
    if (cl.version) {
      log.info("noneq-epr {} ({})", noneq::core::kVersion, noneq::core::kGitDescribe);
      return 0;
    }
    if (cl.help) {
      log.info("{}", cli.help());
      return 0;
    }
    const std::string kind = an::output_kind(cl.input, rt.world());
    // Options of the series outputs (noneq-langevin, noneq-boltzmann-shear): no --floor, --from allowed.
    auto series_options = [&](const char* app) {
      if (cl.value("floor"))
        throw noneq::core::InputError(fmt::format("--floor applies to grid outputs, not to the {} output {}", app, cl.input));
      an::ParticleEprOptions o;
      o.input = cl.input;
      o.output = cl.output.value_or("");
      o.overwrite = cl.overwrite;
      o.command_line = cl.text;
      if (auto f = cl.value("from")) o.from_time = an::parse_real_option("from", *f);
      return o;
    };
    if (kind == "boltzmann-shear") {
      const an::KineticEprOptions ko = series_options("noneq-boltzmann-shear");
      const an::KineticEprReport r = an::run_kinetic_epr(ko, rt.world());
      if (!r.input_complete) log.warn("input `{}` is marked incomplete (complete = 0)", ko.input);
      log.info("noneq-epr: {} records, {} velocity histograms of {}", r.time.size(), r.h_time.size(), ko.input);
      if (r.batches > 0)
        log.info("viscous entropy production -L:P/T: {:.8g} ± {:.2g} per unit volume (batch means, {} batches, t >= {:g})",
                 r.mean, r.error, r.batches, r.from_time);
      else
        log.info("viscous entropy production -L:P/T: {:.8g} per unit volume (mean over t >= {:g}; too few records for an "
                 "error bar)", r.mean, r.from_time);
      for (std::size_t k = 0; k < r.mid_time.size(); ++k)
        log.info("  t = {:<10.6g} H-theorem collisional entropy production {:.6g}", r.mid_time[k], r.collisional[k]);
      if (r.h_time.size() < 2) log.info("(fewer than two distribution histograms: no H-function estimate)");
      log.info("wrote {}", r.output);
      return 0;
    }
    if (kind == "active-fluid") {
      if (cl.value("from")) throw noneq::core::InputError("--from applies to noneq-langevin / noneq-boltzmann-shear outputs");
      an::ActiveEprOptions ao;
      ao.input = cl.input;
      ao.output = cl.output.value_or("");
      ao.overwrite = cl.overwrite;
      ao.command_line = cl.text;
      if (auto f = cl.value("floor")) ao.floor = an::parse_real_option("floor", *f);
      const an::ActiveEprReport r = an::run_active_epr(ao, rt.world());
      if (!r.input_complete) log.warn("input `{}` is marked incomplete (complete = 0)", ao.input);
      log.info("noneq-epr: {} Psi frames of {} (Smoluchowski entropy production{})", r.time.size(), ao.input,
               r.homogeneous ? ", per unit volume" : ", total over the box");
      log.info("  {:>12} {:>16} {:>16} {:>16} {:>10}", "t", "epr", "translational", "rotational", "excluded");
      for (std::size_t k = 0; k < r.time.size(); ++k)
        log.info("  {:>12.6g} {:>16.10g} {:>16.10g} {:>16.10g} {:>10.2g}", r.time[k], r.epr[k], r.translational[k],
                 r.rotational[k], r.excluded[k]);
      double worst = 0;
      for (double e : r.excluded) worst = std::max(worst, e);
      if (worst > 1e-3)
        log.warn("up to {:.2g} of int |Psi| lies at points with Psi <= floor (Gibbs undershoots): they are left out; "
                 "refine grid.ntheta or the grid", worst);
      log.info("wrote {}{}", r.output, r.homogeneous ? "" : fmt::format(" (+ {})", noneq::core::xdmf_path_for(r.output)));
      return 0;
    }
    if (kind == "langevin") {
      const an::ParticleEprOptions po = series_options("noneq-langevin");
      const an::ParticleEprReport r = an::run_particle_epr(po, rt.world());
      if (!r.input_complete) log.warn("input `{}` is marked incomplete (complete = 0)", po.input);
      log.info("noneq-epr: {} records of {} ({} particles)", r.time.size(), po.input, r.particles);
      if (r.batches > 0)
        log.info("entropy production per particle: {:.8g} ± {:.2g} (batch means, {} batches, t >= {:g}); total {:.8g}",
                 r.mean, r.error, r.batches, r.from_time, r.mean * static_cast<double>(r.particles));
      else
        log.info("entropy production per particle: {:.8g} (mean over t >= {:g}; too few records for an error bar)",
                 r.mean, r.from_time);
      log.info("wrote {} (+ {})", r.output, noneq::core::xdmf_path_for(r.output));
      return 0;
    }
    if (cl.value("from")) throw noneq::core::InputError("--from applies to noneq-langevin outputs");
    an::EprOptions o;
    o.input = cl.input;
    o.output = cl.output.value_or("");
    o.overwrite = cl.overwrite;
    if (auto f = cl.value("floor")) o.floor = an::parse_real_option("floor", *f);
    o.command_line = cl.text;
    const an::EprReport r = an::run_epr(o, rt.world());
    if (!r.input_complete) log.warn("input `{}` is marked incomplete (complete = 0)", o.input);
    if (!r.input_note.empty()) log.warn("input `{}`: {}", o.input, r.input_note);
    log.info("noneq-epr: {} frame{} of {} on {} rank{}", r.time.size(), r.time.size() == 1 ? "" : "s", o.input,
             rt.size(), rt.size() == 1 ? "" : "s");
    std::string table = an::epr_table(r);
    table.pop_back();  // log.info ends the line
    log.info("{}", table);
    const std::size_t last = r.time.size() - 1;
    if (r.solver.empty())
      log.info("last frame (t = {:.8g}): int sigma dx = {:.10g}", r.time[last], r.integral[last]);
    else
      log.info("last frame (t = {:.8g}): int sigma dx = {:.10g}, solver EPR = {:.10g}", r.time[last],
               r.integral[last], r.solver[last]);
    log.info("wrote {} (+ {})", r.output, noneq::core::xdmf_path_for(r.output));
    return 0;
  });
}
