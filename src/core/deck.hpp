#pragma once
// Input decks: INI files read with Boost.Program_options. `[section] key = value` becomes the
// dotted key `section.key`; `--section.key=value` on the command line overrides it.
// Strict, after AMReX's abort_on_unused_inputs: every key must be declared in a Schema, so a typo
// is an error (with a "did you mean" suggestion), and every given value is type-checked at load
// time, whether or not the run reads it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace noneq::core {

enum class KeyType { Int, Real, Bool, String, IntList, RealList, StringList, Expression };

struct KeySpec {
  std::string key;   // "section.name"
  KeyType type;
  std::string doc;   // one line, printed by --print-config
  std::optional<std::string> default_value;  // absent: optional key without default, or required
  bool required = false;
};

class Schema {
 public:
  /// A key with a default value.
  Schema& add(const std::string& key, KeyType type, const std::string& default_value,
              const std::string& doc);
  /// A key that must be given.
  Schema& required(const std::string& key, KeyType type, const std::string& doc);
  /// A key that may be absent (no default).
  Schema& optional(const std::string& key, KeyType type, const std::string& doc);
  /// A section whose key names are free (e.g. [constants], [petsc]); values have `type`.
  Schema& open_section(const std::string& section, KeyType type, const std::string& doc);

  const KeySpec* find(const std::string& key) const;
  bool is_open_section(const std::string& section) const;
  const std::vector<KeySpec>& keys() const { return keys_; }
  const std::vector<std::pair<std::string, std::string>>& open_sections() const { return open_; }
  std::optional<KeyType> open_section_type(const std::string& section) const;

 private:
  std::vector<KeySpec> keys_;
  std::vector<std::pair<std::string, std::string>> open_;  // section, doc
  std::map<std::string, KeyType> open_types_;
};

using Overrides = std::vector<std::pair<std::string, std::string>>;

class Deck {
 public:
  /// Reads `path`, applies command-line overrides, and validates every key against `schema`.
  /// Throws InputError naming the file and the key.
  static Deck load(const std::string& path, const Schema& schema, const Overrides& overrides = {});
  /// Same from text (tests, and decks stored in /provenance); `name` is used in messages.
  static Deck from_string(const std::string& text, const std::string& name, const Schema& schema,
                          const Overrides& overrides = {});

  bool has(const std::string& key) const;  // given, or has a default
  bool given(const std::string& key) const;  // given in the deck or on the command line

  std::int64_t get_int(const std::string& key) const;
  double get_real(const std::string& key) const;
  bool get_bool(const std::string& key) const;
  std::string get_string(const std::string& key) const;
  std::vector<std::int64_t> get_ints(const std::string& key) const;
  std::vector<double> get_reals(const std::string& key) const;
  std::vector<std::string> get_strings(const std::string& key) const;
  /// `;`-separated expressions (one per axis/component), trimmed.
  std::vector<std::string> get_expressions(const std::string& key) const;

  /// Keys given in an open section, in file order: (name, value).
  std::vector<std::pair<std::string, std::string>> section(const std::string& section) const;

  /// Throws InputError("<file>: [section] key: <what>").
  [[noreturn]] void fail(const std::string& key, const std::string& what) const;
  /// fail() unless `condition`.
  void require(bool condition, const std::string& key, const std::string& what) const {
    if (!condition) fail(key, what);
  }

  /// Effective deck as re-loadable INI (given values, then defaults; docs as comments).
  std::string effective_ini() const;
  const std::string& source_text() const { return text_; }
  const std::string& name() const { return name_; }
  const Schema& schema() const { return *schema_; }

 private:
  std::string raw(const std::string& key) const;
  void check_type(const std::string& key, KeyType type, const std::string& value) const;

  std::string name_;
  std::string text_;
  const Schema* schema_ = nullptr;
  std::vector<std::pair<std::string, std::string>> values_;  // key -> value, file order
  std::map<std::string, std::string> origin_;                // key -> "deck" | "command line"
};

/// n >= 1 with n * step == span to within round-off (time grids: steps per record, records per
/// run), or -1 if span is not a whole multiple of step.
std::int64_t whole_multiple(double span, double step);

/// Levenshtein distance (for "did you mean").
std::size_t edit_distance(const std::string& a, const std::string& b);

const char* type_name(KeyType type);

}  // namespace noneq::core
