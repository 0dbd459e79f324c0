// noneq-boltzmann-shear DECK [--section.key=value ...] [--output FILE] [--restart FILE]
//                           [--print-config] [--overwrite]
#include <fmt/core.h>

#include "core/cli.hpp"
#include "core/runtime.hpp"
#include "core/version.hpp"
#include "kinetic/boltzmann/config.hpp"
#include "kinetic/boltzmann/run.hpp"

int main(int argc, char** argv) {
  return noneq::core::run_main(argc, argv, [&](noneq::core::Runtime& rt) {
    const std::string usage =
        "usage: noneq-boltzmann-shear DECK [--section.key=value ...] [--output FILE] [--restart FILE]\n"
        "                             [--print-config] [--overwrite]";
    const auto cl = noneq::core::parse_command_line(argc, argv, usage);
    if (cl.version) {
      if (rt.rank() == 0)
        fmt::print("noneq-boltzmann-shear {} ({})\n", noneq::core::kVersion, noneq::core::kGitDescribe);
      return 0;
    }
    if (cl.help) {
      if (rt.rank() == 0)
        fmt::print("{}\n\nHomoenergetic Boltzmann equation of a sheared gas: DSMC, closed moment equations, test "
                   "particles (see README).\n\nDeck keys:{}",
                   usage, noneq::core::schema_help(noneq::kinetic::boltzmann::Config::schema()));
      return 0;
    }
    return noneq::kinetic::boltzmann::run(cl, rt.world());
  });
}
