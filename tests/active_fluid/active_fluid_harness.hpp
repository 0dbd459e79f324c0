#pragma once
// Test helpers: a Config from deck text (through the real schema and validation).
#include <string>

#include "core/deck.hpp"
#include "kinetic/active_fluid/config.hpp"

namespace noneq::test {

inline kinetic::active_fluid::Config active_fluid_config(const std::string& text) {
  static const core::Schema schema = kinetic::active_fluid::Config::schema();
  return kinetic::active_fluid::Config::from_deck(core::Deck::from_string(text, "test.ini", schema));
}

}  // namespace noneq::test
