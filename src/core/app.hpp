#pragma once
// The start of every app's run(): the deck loaded against the app's schema, its Config built
// (Config::from_deck validates every key), --output and the default checkpoint path applied, and
// --print-config answered, the checkpoint's folder checked. Config needs `file` and `checkpoint` members.
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/cli.hpp"
#include "core/deck.hpp"
#include "core/log.hpp"

namespace noneq::core {

/// Keys given in a deck that this run will not read (DESIGN.md: a key is never silently ignored).
/// An app notes its conditional keys with note(key, used); warn() prints one line per key, once.
class UnusedKeys {
 public:
  explicit UnusedKeys(const Deck& deck) : deck_(&deck) {}
  UnusedKeys& note(const std::string& key, bool used) {
    if (!used && deck_->given(key) && std::find(keys_.begin(), keys_.end(), key) == keys_.end()) keys_.push_back(key);
    return *this;
  }
  const std::vector<std::string>& keys() const { return keys_; }
  /// "<deck>: <key> is given but not used by this run<context>" for each key.
  void warn(const Log& log, const std::string& context = "") const {
    for (const auto& k : keys_) log.warn("{}: {} is given but not used by this run{}", deck_->name(), k, context);
  }

 private:
  const Deck* deck_;
  std::vector<std::string> keys_;
};

template <class Config>
struct AppStart {
  Deck deck;
  Config config;
};

/// Returns nothing when --print-config was handled (the app then exits 0). `schema` must outlive
/// the returned deck.
template <class Config>
std::optional<AppStart<Config>> start_app(const CommandLine& cl, const Schema& schema, const Log& log) {
  Deck deck = Deck::load(cl.deck, schema, cl.overrides);
  Config config = Config::from_deck(deck);
  if (cl.output) config.file = *cl.output;
  if (config.checkpoint.empty()) config.checkpoint = default_checkpoint_path(config.file);
  if (cl.print_config) {
    log.info("{}", deck.effective_ini());
    return std::nullopt;
  }
  // Checkpoints are written later (at intervals, at the end, on a signal): the folder of a given one
  // must exist now, not after hours of computing (the default one sits next to the output, whose
  // folder check_output_path checks).
  const auto dir = std::filesystem::path(config.checkpoint).parent_path();
  if (deck.given("output.checkpoint") && !dir.empty() && !std::filesystem::is_directory(dir))
    deck.fail("output.checkpoint", fmt::format("the checkpoint `{}` would go to `{}`, which is not a directory",
                                               config.checkpoint, dir.string()));
  return AppStart<Config>{std::move(deck), std::move(config)};
}

}  // namespace noneq::core
