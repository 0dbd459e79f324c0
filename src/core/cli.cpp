#include "core/cli.hpp"

#include <cmath>

#include <fmt/core.h>

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/variables_map.hpp>
#include <filesystem>
#include <set>
#include <sstream>

#include "core/collective.hpp"
#include "core/error.hpp"

namespace noneq::core {

namespace po = boost::program_options;
namespace fs = std::filesystem;

CommandLine parse_command_line(int argc, char** argv, const std::string& usage) {
  CommandLine cl;
  for (int i = 0; i < argc; ++i) cl.text += (i ? " " : "") + std::string(argv[i]);

  po::options_description opts("options");
  opts.add_options()("help,h", "show this help")("version", "print the version")(
      "output,o", po::value<std::string>(), "output file (default: [output] file of the deck)")(
      "restart", po::value<std::string>(), "continue from a checkpoint file")(
      "print-config", "print the effective deck as INI and exit")(
      "overwrite", "replace an existing output file")("deck", po::value<std::string>(), "deck");
  po::positional_options_description pos;
  pos.add("deck", 1);
  po::variables_map vm;
  try {
    auto parsed = po::command_line_parser(argc, argv)
                      .options(opts)
                      .positional(pos)
                      .allow_unregistered()
                      .style(po::command_line_style::default_style &
                             ~po::command_line_style::allow_guessing)
                      .run();
    po::store(parsed, vm);
    for (const auto& o : parsed.options) {
      if (!o.unregistered) continue;
      const std::string& key = o.string_key;
      if (key.find('.') == std::string::npos)
        throw InputError(fmt::format(
            "command line: unknown option `--{}` (deck overrides look like --section.key=value)",
            key));
      if (o.value.empty())
        throw InputError(fmt::format(
            "command line: override `--{}` needs a value: write --{}=VALUE", key, key));
      cl.overrides.emplace_back(key, o.value.front());
    }
    if (po::collect_unrecognized(parsed.options, po::include_positional).size() >
        cl.overrides.size() + (vm.count("deck") ? 1 : 0))
      throw InputError("command line: more than one deck file given");
  } catch (const po::error& e) {
    throw InputError(fmt::format("command line: {}", e.what()));
  }
  cl.help = vm.count("help") > 0;
  cl.version = vm.count("version") > 0;
  cl.print_config = vm.count("print-config") > 0;
  cl.overwrite = vm.count("overwrite") > 0;
  if (vm.count("output")) {
    // Shorthand for --output.file=FILE, so that the stored effective deck names the real file.
    cl.output = vm["output"].as<std::string>();
    cl.overrides.emplace_back("output.file", *cl.output);
  }
  if (vm.count("restart")) cl.restart = vm["restart"].as<std::string>();
  if (vm.count("deck")) cl.deck = vm["deck"].as<std::string>();
  if (!cl.help && !cl.version && cl.deck.empty())
    throw InputError(fmt::format("command line: no deck file given\n{}", usage));
  return cl;
}

void check_output_path(const std::string& path, bool overwrite, MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  // Rank 0 alone looks at the file system and decides; every rank gets its verdict. Checks on
  // every rank could disagree (another rank removing the file meanwhile, network file-system
  // caches) and leave ranks out of step; `collectively` also orders the removal before any
  // rank goes on to create the file.
  collectively(comm, [&] {
    if (rank != 0) return;
    const fs::path p(path);
    const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
    if (!fs::is_directory(parent))
      throw InputError(fmt::format("output `{}`: directory `{}` does not exist", path, parent.string()));
    if (!fs::exists(p)) return;
    if (!overwrite)
      throw InputError(fmt::format(
          "output `{}` already exists; pass --overwrite to replace it or --output to choose "
          "another file",
          path));
    if (fs::is_directory(p)) throw InputError(fmt::format("output `{}` is a directory", path));
    fs::remove(p);
  });
}

void add_checkpoint_keys(Schema& s) {
  s.optional("output.checkpoint", KeyType::String, "checkpoint file (default: <file>.checkpoint.h5)")
      .add("output.progress_interval", KeyType::Real, "5", "seconds between progress lines");
}

void read_checkpoint_keys(const Deck& d, const std::string& file, std::string& checkpoint, double& progress_interval) {
  if (d.given("output.checkpoint")) {
    checkpoint = d.get_string("output.checkpoint");
    d.require(!checkpoint.empty(), "output.checkpoint", "must not be empty");
    d.require(checkpoint != file, "output.checkpoint", "must differ from output.file");
  }
  progress_interval = d.get_real("output.progress_interval");
  d.require(std::isfinite(progress_interval) && progress_interval >= 0, "output.progress_interval",
            fmt::format("must be >= 0, got {}", progress_interval));
}

void add_checkpoint_interval_key(Schema& s) {
  s.add("output.checkpoint_interval", KeyType::Real, "0",
        "time between checkpoints, a multiple of interval (0: at the end and on SIGINT/SIGTERM)");
}

double read_checkpoint_interval(const Deck& d, double interval) {
  const double v = d.get_real("output.checkpoint_interval");
  d.require(std::isfinite(v) && v >= 0, "output.checkpoint_interval", fmt::format("must be >= 0, got {}", v));
  if (v > 0)
    d.require(whole_multiple(v, interval) > 0, "output.checkpoint_interval",
              fmt::format("must be a whole number of intervals of {} (or 0), got {}", interval, v));
  return v;
}

std::string schema_help(const Schema& schema) {
  std::ostringstream os;
  std::string section;
  for (const auto& k : schema.keys()) {
    const auto dot = k.key.find('.');
    const std::string sec = k.key.substr(0, dot), name = k.key.substr(dot + 1);
    if (sec != section) os << "\n[" << sec << "]\n", section = sec;
    os << fmt::format("  {:<22} {}{}. {}\n", name, type_name(k.type),
                      k.required ? ", required"
                      : k.default_value ? fmt::format(", default `{}`", *k.default_value)
                                        : std::string(", optional"),
                      k.doc);
  }
  for (const auto& [s, doc] : schema.open_sections())
    os << "\n[" << s << "]\n  <name> = <value>        " << doc << "\n";
  return os.str();
}

std::string default_checkpoint_path(const std::string& output) {
  std::filesystem::path p(output);
  p.replace_extension(".checkpoint.h5");
  return p.string();
}

std::map<std::string, std::string> deck_values(const std::string& text) {
  std::map<std::string, std::string> out;
  std::string section, line;
  std::istringstream in(text);
  auto trim = [](std::string v) {
    const auto b = v.find_first_not_of(" \t"), e = v.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
  };
  while (std::getline(in, line)) {
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    if (line.front() == '[') {
      section = trim(line.substr(1, line.find(']') - 1));
      continue;
    }
    const auto eq = line.find('=');
    if (eq != std::string::npos) out[section + "." + trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return out;
}

void check_restart_deck(const std::string& checkpoint_deck, const std::string& deck, const std::string& path,
                        const std::function<bool(const std::string&)>& may_change, const std::string& may_change_text) {
  if (checkpoint_deck.empty()) return;
  const auto was = deck_values(checkpoint_deck), now = deck_values(deck);
  std::set<std::string> keys;
  for (const auto& [k, v] : was) keys.insert(k);
  for (const auto& [k, v] : now) keys.insert(k);
  for (const auto& k : keys) {
    if (may_change(k)) continue;
    const auto a = was.find(k), b = now.find(k);
    const std::string va = a == was.end() ? "(not set)" : a->second, vb = b == now.end() ? "(not set)" : b->second;
    if (va != vb) {
      const auto dot = k.find('.');
      throw InputError(fmt::format(
          "--restart: [{}] {} is `{}` in the deck but `{}` in checkpoint `{}`: a restart continues the same run "
          "(only {} may change)",
          k.substr(0, dot), k.substr(dot + 1), vb, va, path, may_change_text));
    }
  }
}

}  // namespace noneq::core
