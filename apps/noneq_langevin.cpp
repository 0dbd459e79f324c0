// noneq-langevin DECK [--section.key=value ...] [--output FILE] [--restart FILE]
//                     [--print-config] [--overwrite]
#include <fmt/core.h>

#include "core/cli.hpp"
#include "core/runtime.hpp"
#include "core/version.hpp"
#include "langevin/config.hpp"
#include "langevin/run.hpp"

int main(int argc, char** argv) {
  return noneq::core::run_main(argc, argv, [&](noneq::core::Runtime& rt) {
    const std::string usage =
        "usage: noneq-langevin DECK [--section.key=value ...] [--output FILE] [--restart FILE]\n"
        "                      [--print-config] [--overwrite]";
    const auto cl = noneq::core::parse_command_line(argc, argv, usage);
    if (cl.version) {
      if (rt.rank() == 0) fmt::print("noneq-langevin {} ({})\n", noneq::core::kVersion, noneq::core::kGitDescribe);
      return 0;
    }
    if (cl.help) {
      if (rt.rank() == 0)
        fmt::print("{}\n\nActive Brownian / active OU / underdamped Langevin particles in a periodic box (see "
                   "README).\n\nDeck keys:{}",
                   usage, noneq::core::schema_help(noneq::langevin::Config::schema()));
      return 0;
    }
    return noneq::langevin::run(cl, rt.world());
  });
}
