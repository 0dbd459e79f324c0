#pragma once
// The command line shared by the analysis tools (strict like core::parse_command_line):
//   noneq-<tool> FILE [--output OUT] [--overwrite] [--TOOL-OPTION VALUE ...] [--help] [--version]
// Any unknown option, a missing value, no FILE or a second FILE is a core::InputError (exit 2)
// with one message that names the problem.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace noneq::analysis {

struct ToolCommandLine {
  std::string input;                // the first input file
  std::vector<std::string> inputs;  // all of them (several only with ToolCli::many_inputs())
  std::optional<std::string> output;
  bool overwrite = false;
  bool help = false;
  bool version = false;
  std::map<std::string, std::string> values;  // tool options given: name -> value
  std::string text;                           // argv joined, for provenance

  std::optional<std::string> value(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
};

class ToolCli {
 public:
  /// `tool`: "noneq-epr"; `usage`: the usage line(s); `summary`: what the tool does (for --help).
  ToolCli(std::string tool, std::string usage, std::string summary);
  /// Declares `--name VALUE`.
  ToolCli& option(const std::string& name, const std::string& value_name, const std::string& doc);
  /// Accept several input files (default: exactly one).
  ToolCli& many_inputs() {
    many_ = true;
    return *this;
  }
  ToolCommandLine parse(int argc, char** argv) const;
  std::string help() const;
  const std::string& tool() const { return tool_; }

 private:
  struct Option {
    std::string name, value_name, doc;
  };
  std::string tool_, usage_, summary_;
  std::vector<Option> options_;
  bool many_ = false;
};

/// A real number given to option `--name` (the whole text must parse); InputError otherwise.
double parse_real_option(const std::string& name, const std::string& text);

/// The relative density floor (--floor) must lie in [0, 1); InputError otherwise.
void check_floor(double floor);

}  // namespace noneq::analysis
