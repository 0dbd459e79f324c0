#pragma once
// The start of every app's run(): the deck loaded against the app's schema, its Config built
// (Config::from_deck validates every key), --output and the default checkpoint path applied, and
// --print-config answered. Config needs `file` and `checkpoint` members.
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
  return AppStart<Config>{std::move(deck), std::move(config)};
}

}  // namespace noneq::core
