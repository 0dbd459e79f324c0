// noneq-active-fluid DECK [--section.key=value ...] [--output FILE] [--restart FILE]
//                           [--print-config] [--overwrite]
#include <fmt/core.h>

#include "core/cli.hpp"
#include "core/runtime.hpp"
#include "core/version.hpp"
#include "kinetic/active_fluid/config.hpp"
#include "kinetic/active_fluid/run.hpp"

int main(int argc, char** argv) {
  return noneq::core::run_main(argc, argv, [&](noneq::core::Runtime& rt) {
    const std::string usage =
        "usage: noneq-active-fluid DECK [--section.key=value ...] [--output FILE] [--restart FILE]\n"
        "                          [--print-config] [--overwrite]";
    const auto cl = noneq::core::parse_command_line(argc, argv, usage);
    if (cl.version) {
      if (rt.rank() == 0)
        fmt::print("noneq-active-fluid {} ({})\n", noneq::core::kVersion, noneq::core::kGitDescribe);
      return 0;
    }
    if (cl.help) {
      if (rt.rank() == 0)
        fmt::print("{}\n\nActive suspensions in 2D: kinetic theory for Psi(x, theta, t) (pseudo-spectral, FFTW-MPI) or its "
                   "moment model with a quadratic, Bingham or tabulated closure; periodic box or homogeneous shear "
                   "(see README).\n\nDeck keys:{}",
                   usage, noneq::core::schema_help(noneq::kinetic::active_fluid::Config::schema()));
      return 0;
    }
    return noneq::kinetic::active_fluid::run(cl, rt.world());
  });
}
