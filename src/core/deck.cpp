#include "core/deck.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.hpp"

namespace noneq::core {

namespace po = boost::program_options;

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_ws(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::pair<std::string, std::string> split_key(const std::string& key) {
  const auto dot = key.find('.');
  if (dot == std::string::npos) return {"", key};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

bool parse_int(const std::string& s, std::int64_t& out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno == 0 && end && *end == '\0') {
    out = v;
    return true;
  }
  // Accept integral values written in floating notation (1e6) if exact.
  errno = 0;
  const double d = std::strtod(s.c_str(), &end);
  if (errno != 0 || !end || *end != '\0' || !std::isfinite(d) || std::floor(d) != d ||
      std::fabs(d) > 9.0e18)
    return false;
  out = static_cast<std::int64_t>(d);
  return true;
}

bool parse_real(const std::string& s, double& out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (errno == ERANGE || !end || *end != '\0' || !std::isfinite(v)) return false;
  out = v;
  return true;
}

bool parse_bool(const std::string& s, bool& out) {
  std::string l = s;
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
  if (l == "true" || l == "yes" || l == "on" || l == "1") return out = true, true;
  if (l == "false" || l == "no" || l == "off" || l == "0") return out = false, true;
  return false;
}

std::string pretty_key(const std::string& key) {
  const auto [sec, name] = split_key(key);
  return sec.empty() ? name : fmt::format("[{}] {}", sec, name);
}

}  // namespace

const char* type_name(KeyType type) {
  switch (type) {
    case KeyType::Int: return "an integer";
    case KeyType::Real: return "a finite real number";
    case KeyType::Bool: return "a boolean (true/false)";
    case KeyType::String: return "a string";
    case KeyType::IntList: return "a list of integers";
    case KeyType::RealList: return "a list of finite real numbers";
    case KeyType::StringList: return "a list of words";
    case KeyType::Expression: return "an expression";
  }
  return "?";
}

std::int64_t whole_multiple(double span, double step) {
  const double r = span / step;
  const double n = std::round(r);
  if (!(n >= 1) || std::abs(r - n) > 1e-9 * std::max(1.0, n)) return -1;
  return static_cast<std::int64_t>(n);
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// ---------------------------------------------------------------- Schema
Schema& Schema::add(const std::string& key, KeyType type, const std::string& default_value,
                    const std::string& doc) {
  keys_.push_back({key, type, doc, default_value, false});
  return *this;
}
Schema& Schema::required(const std::string& key, KeyType type, const std::string& doc) {
  keys_.push_back({key, type, doc, std::nullopt, true});
  return *this;
}
Schema& Schema::optional(const std::string& key, KeyType type, const std::string& doc) {
  keys_.push_back({key, type, doc, std::nullopt, false});
  return *this;
}
Schema& Schema::open_section(const std::string& section, KeyType type, const std::string& doc) {
  open_.emplace_back(section, doc);
  open_types_[section] = type;
  return *this;
}
const KeySpec* Schema::find(const std::string& key) const {
  for (const auto& k : keys_)
    if (k.key == key) return &k;
  return nullptr;
}
bool Schema::is_open_section(const std::string& section) const {
  return open_types_.count(section) != 0;
}
std::optional<KeyType> Schema::open_section_type(const std::string& section) const {
  const auto it = open_types_.find(section);
  if (it == open_types_.end()) return std::nullopt;
  return it->second;
}

// ---------------------------------------------------------------- Deck
Deck Deck::load(const std::string& path, const Schema& schema, const Overrides& overrides) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("cannot open deck file `{}`", path));
  std::stringstream buf;
  buf << in.rdbuf();
  return from_string(buf.str(), path, schema, overrides);
}

Deck Deck::from_string(const std::string& text, const std::string& name, const Schema& schema,
                       const Overrides& overrides) {
  Deck d;
  d.name_ = name;
  d.text_ = text;
  d.schema_ = &schema;

  po::options_description none;
  std::istringstream in(text);
  po::parsed_options parsed(&none);
  try {
    parsed = po::parse_config_file(in, none, /*allow_unregistered=*/true);
  } catch (const po::error& e) {
    throw InputError(fmt::format("{}: cannot parse deck: {}", name, e.what()));
  }

  auto known_or_fail = [&](const std::string& key, const std::string& where) {
    const auto [sec, k] = split_key(key);
    if (schema.find(key) || (!sec.empty() && schema.is_open_section(sec) && !k.empty())) return;
    // Unknown key: suggest the nearest declared key (or section).
    std::string best;
    std::size_t best_d = std::string::npos;
    for (const auto& spec : schema.keys()) {
      const std::size_t dist = edit_distance(key, spec.key);
      if (dist < best_d) best_d = dist, best = spec.key;
    }
    for (const auto& [s, doc] : schema.open_sections()) {
      const std::size_t dist = edit_distance(sec, s);
      if (dist + 1 < best_d) best_d = dist + 1, best = "[" + s + "] <name>";
    }
    std::string hint;
    if (!best.empty() && best_d <= std::max<std::size_t>(2, key.size() / 3))
      hint = fmt::format(" (did you mean `{}`?)", best.front() == '[' ? best : pretty_key(best));
    if (sec.empty())
      throw InputError(fmt::format("{}: key `{}` is outside any [section]{}", where, key, hint));
    throw InputError(fmt::format("{}: unknown key `{}`{}", where, pretty_key(key), hint));
  };

  for (const auto& opt : parsed.options) {
    const std::string key = opt.string_key;
    known_or_fail(key, name);
    if (std::any_of(d.values_.begin(), d.values_.end(),
                    [&](const auto& kv) { return kv.first == key; }))
      throw InputError(fmt::format("{}: key `{}` is given twice", name, pretty_key(key)));
    std::string value = opt.value.empty() ? std::string() : trim(opt.value.front());
    d.values_.emplace_back(key, value);
    d.origin_[key] = "deck";
  }
  for (const auto& [key, value] : overrides) {
    known_or_fail(key, "command line");
    auto it = std::find_if(d.values_.begin(), d.values_.end(),
                           [&](const auto& kv) { return kv.first == key; });
    if (it != d.values_.end())
      it->second = trim(value);
    else
      d.values_.emplace_back(key, trim(value));
    d.origin_[key] = "command line";
  }
  // Type-check every given value; then required keys.
  for (const auto& [key, value] : d.values_) {
    const KeySpec* spec = schema.find(key);
    const KeyType type = spec ? spec->type : *schema.open_section_type(split_key(key).first);
    d.check_type(key, type, value);
  }
  for (const auto& spec : schema.keys())
    if (spec.required && !d.given(spec.key)) d.fail(spec.key, "required key is missing");
  return d;
}

void Deck::fail(const std::string& key, const std::string& what) const {
  const auto it = origin_.find(key);
  const std::string where =
      (it != origin_.end() && it->second == "command line") ? name_ + " (command line)" : name_;
  throw InputError(fmt::format("{}: {}: {}", where, pretty_key(key), what));
}

void Deck::check_type(const std::string& key, KeyType type, const std::string& value) const {
  const auto bad = [&](const std::string& why) {
    fail(key, fmt::format("expected {}, got `{}`{}", type_name(type), value, why));
  };
  std::int64_t i;
  double r;
  bool b;
  switch (type) {
    case KeyType::Int:
      if (!parse_int(value, i)) bad("");
      break;
    case KeyType::Real:
      if (!parse_real(value, r)) bad("");
      break;
    case KeyType::Bool:
      if (!parse_bool(value, b)) bad("");
      break;
    case KeyType::String:
    case KeyType::Expression:
      if (value.empty()) bad(" (empty)");
      break;
    case KeyType::IntList: {
      const auto words = split_ws(value);
      if (words.empty()) bad(" (empty)");
      for (const auto& w : words)
        if (!parse_int(w, i)) bad(fmt::format(" (`{}` is not an integer)", w));
      break;
    }
    case KeyType::RealList: {
      const auto words = split_ws(value);
      if (words.empty()) bad(" (empty)");
      for (const auto& w : words)
        if (!parse_real(w, r)) bad(fmt::format(" (`{}` is not a finite number)", w));
      break;
    }
    case KeyType::StringList:
      if (split_ws(value).empty()) bad(" (empty)");
      break;
  }
}

bool Deck::given(const std::string& key) const {
  return std::any_of(values_.begin(), values_.end(), [&](const auto& kv) { return kv.first == key; });
}

bool Deck::has(const std::string& key) const {
  if (given(key)) return true;
  const KeySpec* spec = schema_->find(key);
  return spec && spec->default_value.has_value();
}

std::string Deck::raw(const std::string& key) const {
  for (const auto& [k, v] : values_)
    if (k == key) return v;
  const KeySpec* spec = schema_->find(key);
  if (!spec) throw std::logic_error("deck key not declared in schema: " + key);
  if (!spec->default_value) fail(key, "key is missing");
  return *spec->default_value;
}

std::int64_t Deck::get_int(const std::string& key) const {
  std::int64_t v = 0;
  const std::string s = raw(key);
  if (!parse_int(s, v)) fail(key, fmt::format("expected an integer, got `{}`", s));
  return v;
}
double Deck::get_real(const std::string& key) const {
  double v = 0;
  const std::string s = raw(key);
  if (!parse_real(s, v)) fail(key, fmt::format("expected a finite real number, got `{}`", s));
  return v;
}
bool Deck::get_bool(const std::string& key) const {
  bool v = false;
  const std::string s = raw(key);
  if (!parse_bool(s, v)) fail(key, fmt::format("expected true or false, got `{}`", s));
  return v;
}
std::string Deck::get_string(const std::string& key) const { return raw(key); }
std::vector<std::int64_t> Deck::get_ints(const std::string& key) const {
  std::vector<std::int64_t> out;
  for (const auto& w : split_ws(raw(key))) {
    std::int64_t v = 0;
    if (!parse_int(w, v)) fail(key, fmt::format("`{}` is not an integer", w));
    out.push_back(v);
  }
  return out;
}
std::vector<double> Deck::get_reals(const std::string& key) const {
  std::vector<double> out;
  for (const auto& w : split_ws(raw(key))) {
    double v = 0;
    if (!parse_real(w, v)) fail(key, fmt::format("`{}` is not a finite number", w));
    out.push_back(v);
  }
  return out;
}
std::vector<std::string> Deck::get_strings(const std::string& key) const {
  return split_ws(raw(key));
}
std::vector<std::string> Deck::get_expressions(const std::string& key) const {
  std::vector<std::string> out;
  std::string s = raw(key), part;
  std::istringstream in(s);
  while (std::getline(in, part, ';')) out.push_back(trim(part));
  if (!s.empty() && s.back() == ';') out.push_back("");
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i].empty()) fail(key, fmt::format("expression {} of {} is empty", i + 1, out.size()));
  return out;
}

std::vector<std::pair<std::string, std::string>> Deck::section(const std::string& sec) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : values_)
    if (split_key(k).first == sec) out.emplace_back(split_key(k).second, v);
  return out;
}

std::string Deck::effective_ini() const {
  std::ostringstream os;
  os << "# effective deck (noneq): re-loadable; values given in `" << name_
     << "` or on the command line, then defaults\n";
  std::vector<std::string> order;  // sections in schema order, open sections included
  auto add_section = [&](const std::string& s) {
    if (std::find(order.begin(), order.end(), s) == order.end()) order.push_back(s);
  };
  for (const auto& spec : schema_->keys()) add_section(split_key(spec.key).first);
  for (const auto& [s, doc] : schema_->open_sections()) add_section(s);
  for (const auto& sec : order) {
    std::ostringstream body;
    if (schema_->is_open_section(sec)) {
      for (const auto& [k, v] : section(sec)) body << k << " = " << v << "\n";
    } else {
      for (const auto& spec : schema_->keys()) {
        if (split_key(spec.key).first != sec) continue;
        const std::string name = split_key(spec.key).second;
        if (given(spec.key))
          body << name << " = " << raw(spec.key) << "\n";
        else if (spec.default_value)
          body << name << " = " << *spec.default_value << "   # default\n";
        else
          body << "# " << name << " =    # " << spec.doc << " (not set)\n";
      }
    }
    const std::string b = body.str();
    if (b.empty()) continue;
    os << "\n[" << sec << "]\n" << b;
  }
  return os.str();
}

}  // namespace noneq::core
