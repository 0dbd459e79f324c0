#pragma once
// The command line shared by every app:
//   noneq-<app> DECK [--section.key=value ...] [--output FILE] [--restart FILE]
//                    [--print-config] [--overwrite] [--help]
#include <mpi.h>

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/deck.hpp"

namespace noneq::core {

struct CommandLine {
  std::string deck;
  std::optional<std::string> output;  // also appended to `overrides` as output.file
  std::optional<std::string> restart;
  bool print_config = false;
  bool overwrite = false;
  bool help = false;
  bool version = false;
  Overrides overrides;
  std::string text;  // argv joined, for provenance
};

/// Parses argv; throws InputError for malformed arguments. `usage` is printed by --help.
CommandLine parse_command_line(int argc, char** argv, const std::string& usage);

/// Refuses (InputError) to touch an existing output unless `overwrite`; with `overwrite`
/// removes it (rank 0). Collective. Also refuses when the parent directory does not exist.
void check_output_path(const std::string& path, bool overwrite, MPI_Comm comm);

/// Default checkpoint next to an output: "dir/run.h5" -> "dir/run.checkpoint.h5".
std::string default_checkpoint_path(const std::string& output);

/// `[section] key = value` lines of an effective deck -> "section.key" -> value (comments dropped).
std::map<std::string, std::string> deck_values(const std::string& text);

/// A restart continues the same run: every key of the effective deck `deck` must be as in the
/// checkpoint's `checkpoint_deck`, except those for which `may_change(key)` holds (described by
/// `may_change_text` in the message). Throws InputError naming the first key that differs.
void check_restart_deck(const std::string& checkpoint_deck, const std::string& deck, const std::string& path,
                        const std::function<bool(const std::string&)>& may_change, const std::string& may_change_text);

/// The [output] keys every app shares: `checkpoint` (optional file) and `progress_interval`.
void add_checkpoint_keys(Schema& schema);
/// Reads them: `checkpoint` (given: must differ from `file`; else left empty for the default next to
/// the output) and `progress_interval` (finite, >= 0). Throws InputError naming the key.
void read_checkpoint_keys(const Deck& deck, const std::string& file, std::string& checkpoint, double& progress_interval);
/// `[output] checkpoint_interval` in time, for apps whose records come every `interval`.
void add_checkpoint_interval_key(Schema& schema);
/// Reads it: finite, >= 0, and 0 or a whole number of record intervals.
double read_checkpoint_interval(const Deck& deck, double interval);

/// Help text listing every key of a schema (section, key, type, default, doc).
std::string schema_help(const Schema& schema);

}  // namespace noneq::core
