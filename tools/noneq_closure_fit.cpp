// noneq-closure-fit FILE [FILE ...] [--output OUT] [--overwrite] [--bins N] [--min-count N] [--from T]
// A closure table S'1111(lambda_1) for noneq-active-fluid's moment model, learned from kinetic runs
// (src/analysis/closure_fit.hpp). The work is in noneq::analysis; this main parses and reports.
#include <fmt/core.h>

#include <cmath>

#include "analysis/closure_fit.hpp"
#include "analysis/tool_cli.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/runtime.hpp"
#include "core/version.hpp"

int main(int argc, char** argv) {
  namespace an = noneq::analysis;
  return noneq::core::run_main(argc, argv, [&](noneq::core::Runtime& rt) {
    an::ToolCli cli("noneq-closure-fit",
                    "usage: noneq-closure-fit FILE [FILE ...] [--output OUT] [--overwrite] [--bins N] [--min-count N] "
                    "[--from T]",
                    "Fits the principal-frame closure S'1111(lambda_1) of the 2D active-fluid moment model a priori\n"
                    "from the Psi frames of noneq-active-fluid kinetic runs (output.psi_interval > 0). The table\n"
                    "(default FILE stem + _closure.h5) is read by `[model] closure = table`.");
    cli.many_inputs()
        .option("bins", "N", "lambda_1 bins on [0.5, 1) (default 40)")
        .option("min-count", "N", "points a bin needs to enter the table (default 20)")
        .option("from", "T", "use Psi frames at t >= T only (default 0)");
    const auto cl = cli.parse(argc, argv);
    const noneq::core::Log log(rt.world());
    if (cl.version) {
      log.info("noneq-closure-fit {} ({})", noneq::core::kVersion, noneq::core::kGitDescribe);
      return 0;
    }
    if (cl.help) {
      log.info("{}", cli.help());
      return 0;
    }
    an::ClosureFitOptions o;
    o.inputs = cl.inputs;
    o.output = cl.output.value_or("");
    o.overwrite = cl.overwrite;
    o.command_line = cl.text;
    auto integer = [](const std::string& name, const std::string& text) {
      const double v = an::parse_real_option(name, text);
      if (v != std::floor(v)) throw noneq::core::InputError(fmt::format("command line: --{} expects an integer, got `{}`", name, text));
      return static_cast<std::int64_t>(v);
    };
    if (auto v = cl.value("bins")) o.bins = static_cast<int>(integer("bins", *v));
    if (auto v = cl.value("min-count")) o.min_count = integer("min-count", *v);
    if (auto v = cl.value("from")) o.from_time = an::parse_real_option("from", *v);
    const an::ClosureFitReport r = an::run_closure_fit(o, rt.world());
    log.info("noneq-closure-fit: {} points from {} Psi frames of {} file{}{}", r.points, r.frames, o.inputs.size(),
             o.inputs.size() == 1 ? "" : "s",
             r.skipped ? fmt::format(" ({} points with c <= 0 skipped)", r.skipped) : "");
    log.info("  {:>10} {:>12} {:>12} {:>12} {:>10}", "lambda_1", "S'1111", "std", "Bingham", "points");
    for (std::size_t k = 0; k < r.lambda1.size(); ++k)
      log.info("  {:>10.6f} {:>12.8f} {:>12.3g} {:>12.8f} {:>10}", r.lambda1[k], r.s1111[k], r.std[k], r.bingham[k],
               r.count[k]);
    log.info("wrote {} (use it with [model] closure = table, closure_table = {})", r.output, r.output);
    return 0;
  });
}
