#pragma once
// The start of every app's run(): the deck loaded against the app's schema, its Config built
// (Config::from_deck validates every key), --output and the default checkpoint path applied, and
// --print-config answered, the checkpoint's folder checked. Config needs `file` and `checkpoint` members.
#include <fmt/core.h>

#include <filesystem>
#include <optional>
#include <utility>

#include "core/cli.hpp"
#include "core/deck.hpp"
#include "core/log.hpp"

namespace noneq::core {

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
