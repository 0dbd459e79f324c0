#include "analysis/tool_cli.hpp"

#include <fmt/core.h>

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/variables_map.hpp>
#include <charconv>
#include <cmath>
#include <sstream>

#include "core/error.hpp"

namespace noneq::analysis {

namespace po = boost::program_options;

ToolCli::ToolCli(std::string tool, std::string usage, std::string summary)
    : tool_(std::move(tool)), usage_(std::move(usage)), summary_(std::move(summary)) {}

ToolCli& ToolCli::option(const std::string& name, const std::string& value_name, const std::string& doc) {
  options_.push_back({name, value_name, doc});
  return *this;
}

namespace {
po::options_description describe(const std::vector<std::pair<std::string, std::string>>& extra_names,
                                  const std::vector<std::string>& extra_docs) {
  po::options_description opts("options");
  opts.add_options()("output,o", po::value<std::string>()->value_name("OUT"), "output file")(
      "overwrite", "replace an existing output file")("help,h", "show this help")(
      "version", "print the version");
  for (std::size_t i = 0; i < extra_names.size(); ++i)
    opts.add_options()(extra_names[i].first.c_str(),
                       po::value<std::string>()->value_name(extra_names[i].second),
                       extra_docs[i].c_str());
  return opts;
}
}  // namespace

std::string ToolCli::help() const {
  std::vector<std::pair<std::string, std::string>> names;
  std::vector<std::string> docs;
  for (const auto& o : options_) names.emplace_back(o.name, o.value_name), docs.push_back(o.doc);
  std::ostringstream os;
  os << usage_ << "\n\n" << summary_ << "\n\n" << describe(names, docs);
  return os.str();
}

ToolCommandLine ToolCli::parse(int argc, char** argv) const {
  ToolCommandLine cl;
  for (int i = 0; i < argc; ++i) cl.text += (i ? " " : "") + std::string(argv[i]);
  std::vector<std::pair<std::string, std::string>> names;
  std::vector<std::string> docs;
  for (const auto& o : options_) names.emplace_back(o.name, o.value_name), docs.push_back(o.doc);
  po::options_description opts = describe(names, docs);
  po::options_description all;
  all.add(opts).add_options()("input", po::value<std::vector<std::string>>(), "input file");
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  const std::string see = fmt::format("(see {} --help)", tool_);
  try {
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(pos)
                  .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                  .run(),
              vm);
  } catch (const po::unknown_option& e) {
    std::string name = e.get_option_name();
    name = name.substr(0, name.find('='));
    throw core::InputError(fmt::format("command line: unknown option `{}` {}", name, see));
  } catch (const po::error& e) {
    throw core::InputError(fmt::format("command line: {} {}", e.what(), see));
  }
  cl.help = vm.count("help") > 0;
  cl.version = vm.count("version") > 0;
  cl.overwrite = vm.count("overwrite") > 0;
  if (vm.count("output")) cl.output = vm["output"].as<std::string>();
  for (const auto& o : options_)
    if (vm.count(o.name)) cl.values[o.name] = vm[o.name].as<std::string>();
  if (vm.count("input")) {
    const auto& in = vm["input"].as<std::vector<std::string>>();
    if (in.size() > 1 && !many_)
      throw core::InputError(fmt::format("command line: more than one input file given (`{}`, `{}`) {}",
                                         in[0], in[1], see));
    cl.input = in.front();
    cl.inputs = in;
  }
  if (cl.output && cl.output->empty()) throw core::InputError(fmt::format("command line: --output is empty {}", see));
  if (!cl.help && !cl.version && cl.input.empty())
    throw core::InputError(fmt::format("command line: no input file given\n{}", usage_));
  return cl;
}

double parse_real_option(const std::string& name, const std::string& text) {
  double v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end || text.empty())
    throw core::InputError(fmt::format("command line: --{} expects a number, got `{}`", name, text));
  return v;
}

void check_floor(double floor) {
  if (!std::isfinite(floor) || floor < 0 || floor >= 1)
    throw core::InputError(fmt::format("--floor {} is outside [0, 1): it is a fraction of the frame's max p", floor));
}

}  // namespace noneq::analysis
