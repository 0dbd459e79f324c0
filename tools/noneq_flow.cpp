// noneq-flow FILE [--output OUT] [--overwrite] [--floor REL] [--frame N|last|all]
// Probability-flow velocity v = J/p and, in 2D, the Helmholtz–Hodge split of the current of a
// noneq-fokker-planck grid output (layout: src/analysis/flow_tool.hpp). The work is in
// noneq::analysis; this main parses and reports.
#include <fmt/core.h>

#include "analysis/flow_tool.hpp"
#include "analysis/particle_epr.hpp"
#include "analysis/particle_flow.hpp"
#include "analysis/tool_cli.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/runtime.hpp"
#include "core/version.hpp"
#include "core/xdmf.hpp"

int main(int argc, char** argv) {
  namespace an = noneq::analysis;
  return noneq::core::run_main(argc, argv, [&](noneq::core::Runtime& rt) {
    an::ToolCli cli("noneq-flow",
                    "usage: noneq-flow FILE [--output OUT] [--overwrite] [--floor REL] [--frame N|last|all]",
                    "Probability-flow velocity v = J/p (0 where p <= REL * max(p); mask /fields/valid) of a\n"
                    "noneq-fokker-planck grid output and, in 2D only, the Helmholtz-Hodge split\n"
                    "J = grad(phi) + rot(psi) + H with psi = 0 on walls (stream function /fields/psi, J_rot,\n"
                    "J_grad, and ||J_grad||/||J|| per frame). Writes OUT (default FILE stem + _flow.h5) with an\n"
                    "XDMF sidecar; never modifies FILE.");
    cli.option("floor", "REL", "relative density floor in [0, 1) (default 1e-14)")
        .option("frame", "N", "frame to analyse: N (0-based; -1 = last), last, or all (default all)")
        .option("plane", "A,B", "noneq-langevin outputs: coordinates of the plane (x y z ex ey ez vx vy vz gx gy gz; default x,y)")
        .option("bins", "NX,NY", "noneq-langevin outputs: bins per coordinate (default 32,32)");
    const auto cl = cli.parse(argc, argv);
    const noneq::core::Log log(rt.world());
    if (cl.version) {
      log.info("noneq-flow {} ({})", noneq::core::kVersion, noneq::core::kGitDescribe);
      return 0;
    }
    if (cl.help) {
      log.info("{}", cli.help());
      return 0;
    }
    if (an::output_kind(cl.input, rt.world()) == "langevin") {
      if (cl.value("floor") || cl.value("frame"))
        throw noneq::core::InputError("--floor and --frame apply to grid outputs, not to the noneq-langevin output " + cl.input);
      an::ParticleFlowOptions po;
      po.input = cl.input;
      po.output = cl.output.value_or("");
      po.overwrite = cl.overwrite;
      po.command_line = cl.text;
      if (auto v = cl.value("plane")) po.plane = *v;
      if (auto v = cl.value("bins")) {
        const auto c = v->find(',');
        try {
          std::size_t used = 0;
          if (c == std::string::npos) throw std::invalid_argument("no comma");
          po.bins[0] = std::stoi(v->substr(0, c), &used);
          po.bins[1] = std::stoi(v->substr(c + 1), &used);
        } catch (const std::exception&) {
          throw noneq::core::InputError("--bins: expected NX,NY (two integers), got `" + *v + "`");
        }
      }
      const an::ParticleFlowReport r = an::run_particle_flow(po, rt.world());
      if (!r.input_complete) log.warn("input `{}` is marked incomplete (complete = 0)", po.input);
      log.info("noneq-flow: probability current of {} particles in the ({}, {}) plane from {} frame pairs "
               "(interval {:g})", r.particles, r.plane[0], r.plane[1], r.frame_pairs, r.frame_interval);
      log.info("wrote {} (+ {})", r.output, noneq::core::xdmf_path_for(r.output));
      return 0;
    }
    if (cl.value("plane") || cl.value("bins"))
      throw noneq::core::InputError("--plane and --bins apply to noneq-langevin outputs");
    an::FlowOptions o;
    o.input = cl.input;
    o.output = cl.output.value_or("");
    o.overwrite = cl.overwrite;
    if (auto f = cl.value("floor")) o.floor = an::parse_real_option("floor", *f);
    if (auto f = cl.value("frame")) o.frames = *f;
    o.command_line = cl.text;
    const an::FlowReport r = an::run_flow(o, rt.world());
    if (!r.input_complete) log.warn("input `{}` is marked incomplete (complete = 0)", o.input);
    if (!r.input_note.empty()) log.warn("input `{}`: {}", o.input, r.input_note);
    log.info("noneq-flow: {} frame{} of {} ({}D{}) on {} rank{}", r.time.size(), r.time.size() == 1 ? "" : "s",
             o.input, r.dim, r.dim == 2 ? ", with the Helmholtz-Hodge split" : ": velocity only (the stream function is 2D only)",
             rt.size(), rt.size() == 1 ? "" : "s");
    std::string table = an::flow_table(r);
    table.pop_back();  // log.info ends the line
    log.info("{}", table);
    log.info("wrote {} (+ {})", r.output, noneq::core::xdmf_path_for(r.output));
    return 0;
  });
}
