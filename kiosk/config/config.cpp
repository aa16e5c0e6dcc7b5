// Loading and validating the TOML configuration; toml++ stays behind this file.
// Every problem is collected (not just the first) so one edit-and-retry fixes the whole file.
#include "kiosk/config/config.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <set>
#include <sstream>

#include <toml++/toml.h>

namespace kiosk::config {
namespace {

enum class Need { Required, Optional };

std::string typeName(toml::node_type type) {
    switch (type) {
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a floating-point number";
        case toml::node_type::boolean:
            return "a boolean";
        case toml::node_type::date:
            return "a date";
        case toml::node_type::time:
            return "a time";
        case toml::node_type::date_time:
            return "a date-time";
        case toml::node_type::table:
            return "a table";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::none:
            break;
    }
    return "nothing";
}

size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

bool isIdentifier(std::string_view s, size_t maxLength) {
    if (s.empty() || s.size() > maxLength)
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
}

std::string join(std::string_view path, std::string_view key) {
    if (path.empty())
        return std::string(key);
    return std::string(path) + "." + std::string(key);
}

// Collects problems in the "FILE:LINE: key: message" form and reads typed values.
class Checker {
  public:
    explicit Checker(std::string file) : file_(std::move(file)) {}

    void problem(uint32_t line, std::string_view key, std::string_view message) {
        std::string text = file_;
        if (line > 0)
            text += ":" + std::to_string(line);
        text += ": ";
        if (!key.empty())
            text += std::string(key) + ": ";
        text += message;
        problems_.push_back(std::move(text));
    }
    void problem(const toml::node& at, std::string_view key, std::string_view message) {
        problem(at.source().begin.line, key, message);
    }

    // A table of scalars kept as text for its owner to validate; nested tables and arrays
    // are reported here.
    Section section(const toml::table& table, const std::string& path) {
        Section out(file_, path, table.source().begin.line);
        for (const auto& [key, node] : table) {
            const std::string name(key.str());
            SettingValue v;
            v.line = node.source().begin.line;
            if (auto s = node.value_exact<std::string>()) {
                v.text = *s;
                v.type = SettingValue::Type::String;
            } else if (auto i = node.value_exact<int64_t>()) {
                v.text = std::to_string(*i);
                v.type = SettingValue::Type::Integer;
            } else if (auto b = node.value_exact<bool>()) {
                v.text = *b ? "true" : "false";
                v.type = SettingValue::Type::Boolean;
            } else if (auto f = node.value_exact<double>()) {
                std::ostringstream text;
                text << *f;
                v.text = text.str();
                v.type = SettingValue::Type::Float;
            } else {
                problem(
                    node, join(path, name),
                    "must be a string, integer, boolean or number, not " + typeName(node.type()));
                continue;
            }
            out.set(name, std::move(v));
        }
        return out;
    }

    bool clean() const { return problems_.empty(); }
    std::string report() const {
        std::string all;
        for (const auto& p : problems_) {
            if (!all.empty())
                all += '\n';
            all += p;
        }
        return all;
    }

    // Every key of `table` must be one of `known`; the rest are reported with a suggestion.
    void checkKeys(const toml::table& table, std::string_view path,
                   std::initializer_list<std::string_view> known, std::string_view what) {
        for (const auto& [key, node] : table) {
            const std::string_view name = key.str();
            if (std::find(known.begin(), known.end(), name) != known.end())
                continue;
            std::string message = "unknown " + std::string(what);
            std::string_view best;
            size_t bestDistance = 3;  // suggest only close matches: typos, not guesses
            for (std::string_view candidate : known) {
                const size_t d = editDistance(name, candidate);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = candidate;
                }
            }
            if (!best.empty())
                message += " (did you mean " + join(path, best) + "?)";
            problem(key.source().begin.line, join(path, name), message);
        }
    }

    // A sub-table; reports a missing required one or one of the wrong type.
    const toml::table* table(const toml::table& parent, std::string_view path, std::string_view key,
                             Need need) {
        const toml::node* node = parent.get(key);
        if (node == nullptr) {
            if (need == Need::Required)
                problem(0, join(path, key), "missing required section [" + join(path, key) + "]");
            return nullptr;
        }
        if (!node->is_table()) {
            problem(*node, join(path, key), "expected a table, found " + typeName(node->type()));
            return nullptr;
        }
        return node->as_table();
    }

    const toml::node* node(const toml::table* table, std::string_view path, std::string_view key,
                           Need need) {
        if (table == nullptr)
            return nullptr;  // the missing section is already reported
        const toml::node* found = table->get(key);
        if (found == nullptr && need == Need::Required)
            problem(*table, join(path, key), "missing (required)");
        return found;
    }

    std::optional<std::string> string(const toml::table* table, std::string_view path,
                                      std::string_view key, Need need) {
        const toml::node* found = node(table, path, key, need);
        if (found == nullptr)
            return std::nullopt;
        if (const auto* s = found->as_string()) {
            if (s->get().empty()) {
                problem(*found, join(path, key), "must not be empty");
                return std::nullopt;
            }
            return s->get();
        }
        problem(*found, join(path, key), "expected a string, found " + typeName(found->type()));
        return std::nullopt;
    }

    std::optional<int64_t> integer(const toml::table* table, std::string_view path,
                                   std::string_view key, Need need, int64_t min, int64_t max) {
        const toml::node* found = node(table, path, key, need);
        if (found == nullptr)
            return std::nullopt;
        const auto* i = found->as_integer();
        if (i == nullptr) {
            problem(*found, join(path, key),
                    "expected an integer, found " + typeName(found->type()));
            return std::nullopt;
        }
        if (i->get() < min || i->get() > max) {
            problem(*found, join(path, key),
                    std::to_string(i->get()) + " is out of range (" + std::to_string(min) + " to " +
                        std::to_string(max) + ")");
            return std::nullopt;
        }
        return i->get();
    }

    std::optional<bool> boolean(const toml::table* table, std::string_view path,
                                std::string_view key, Need need) {
        const toml::node* found = node(table, path, key, need);
        if (found == nullptr)
            return std::nullopt;
        if (const auto* b = found->as_boolean())
            return b->get();
        problem(*found, join(path, key),
                "expected true or false, found " + typeName(found->type()));
        return std::nullopt;
    }

    // A number that must be exact: a string ("8.875") or an integer; floats are refused because
    // 8.875 as a double is not 8.875.
    std::optional<std::pair<std::string, const toml::node*>> exactNumber(const toml::table* table,
                                                                         std::string_view path,
                                                                         std::string_view key,
                                                                         Need need,
                                                                         std::string_view example) {
        const toml::node* found = node(table, path, key, need);
        if (found == nullptr)
            return std::nullopt;
        if (const auto* s = found->as_string())
            return std::pair{s->get(), found};
        if (const auto* i = found->as_integer()) {
            if (i->get() < 0) {
                problem(*found, join(path, key), "must not be negative");
                return std::nullopt;
            }
            return std::pair{std::to_string(i->get()), found};
        }
        if (found->is_floating_point()) {
            problem(*found, join(path, key),
                    "write it as a string, e.g. \"" + std::string(example) +
                        "\", so it is read exactly (floating-point numbers are not)");
            return std::nullopt;
        }
        problem(*found, join(path, key),
                "expected a string or an integer, found " + typeName(found->type()));
        return std::nullopt;
    }

  private:
    std::string file_;
    std::vector<std::string> problems_;
};

void readStore(Checker& c, const toml::table& root, Config& config) {
    const toml::table* store = c.table(root, "", "store", Need::Required);
    if (store != nullptr)
        c.checkKeys(
            *store, "store",
            {"id", "name", "currency", "languages", "default_language", "utc_offset_minutes"},
            "key");
    if (auto id = c.string(store, "store", "id", Need::Required)) {
        if (isIdentifier(*id, 32))
            config.store.id = *id;
        else
            c.problem(*store->get("id"), "store.id",
                      "\"" + *id + "\" must be 1 to 32 letters, digits, '.', '_' or '-'");
    }
    if (auto name = c.string(store, "store", "name", Need::Required))
        config.store.name = *name;
    if (auto code = c.string(store, "store", "currency", Need::Required)) {
        auto currency = currencyFromCode(*code);
        if (currency)
            config.store.currency = *currency;
        else
            c.problem(*store->get("currency"), "store.currency", currency.error().message);
    }

    if (const toml::node* node = c.node(store, "store", "languages", Need::Optional)) {
        const toml::array* array = node->as_array();
        if (array == nullptr || array->empty()) {
            c.problem(*node, "store.languages",
                      "expected a non-empty array of language codes, e.g. [\"id\", \"en\"]");
        } else {
            std::vector<std::string> languages;
            for (size_t i = 0; i < array->size(); ++i) {
                const toml::node& item = *array->get(i);
                const std::string key = "store.languages[" + std::to_string(i) + "]";
                const auto* s = item.as_string();
                const bool valid = s != nullptr && s->get().size() == 2 &&
                                   std::all_of(s->get().begin(), s->get().end(),
                                               [](char ch) { return ch >= 'a' && ch <= 'z'; });
                if (!valid) {
                    c.problem(item, key,
                              "expected a two-letter lowercase ISO 639-1 code such as \"id\"");
                } else if (std::find(languages.begin(), languages.end(), s->get()) !=
                           languages.end()) {
                    c.problem(item, key, "\"" + s->get() + "\" is listed twice");
                } else {
                    languages.push_back(s->get());
                }
            }
            if (!languages.empty())
                config.store.languages = languages;
        }
    }
    config.store.defaultLanguage = config.store.languages.front();
    if (auto lang = c.string(store, "store", "default_language", Need::Optional)) {
        const auto& langs = config.store.languages;
        if (std::find(langs.begin(), langs.end(), *lang) == langs.end())
            c.problem(*store->get("default_language"), "store.default_language",
                      "\"" + *lang + "\" is not one of store.languages");
        else
            config.store.defaultLanguage = *lang;
    }
    // UTC-12:00 to UTC+14:00 are the offsets in use.
    if (auto offset = c.integer(store, "store", "utc_offset_minutes", Need::Optional, -720, 840))
        config.store.utcOffsetMinutes = static_cast<int>(*offset);
}

void readTax(Checker& c, const toml::table& root, Config& config) {
    const toml::table* tax = c.table(root, "", "tax", Need::Required);
    if (tax != nullptr)
        c.checkKeys(*tax, "tax", {"mode", "rounding", "cash_rounding", "default_class", "class"},
                    "key");
    // No default for the mode: guessing wrong would misprice every sale without any error.
    if (auto mode = c.string(tax, "tax", "mode", Need::Required)) {
        if (*mode == "inclusive")
            config.tax.mode = TaxMode::Inclusive;
        else if (*mode == "exclusive")
            config.tax.mode = TaxMode::Exclusive;
        else
            c.problem(*tax->get("mode"), "tax.mode",
                      "\"" + *mode + "\" is not \"inclusive\" or \"exclusive\"");
    }
    if (auto rounding = c.string(tax, "tax", "rounding", Need::Optional)) {
        if (*rounding == "line")
            config.tax.rounding = TaxRounding::PerLine;
        else if (*rounding == "receipt")
            config.tax.rounding = TaxRounding::PerReceipt;
        else
            c.problem(*tax->get("rounding"), "tax.rounding",
                      "\"" + *rounding + "\" is not \"line\" or \"receipt\"");
    }
    if (auto cash = c.exactNumber(tax, "tax", "cash_rounding", Need::Optional, "0.05")) {
        auto amount = parseAmount(cash->first, config.store.currency);
        if (amount)
            config.tax.cashRounding.increment = *amount;
        else
            c.problem(*cash->second, "tax.cash_rounding", amount.error().message);
    }

    const toml::node* classes = c.node(tax, "tax", "class", Need::Required);
    if (classes != nullptr) {
        const toml::array* array = classes->as_array();
        if (array == nullptr || !array->is_array_of_tables() || array->empty()) {
            c.problem(*classes, "tax.class",
                      "expected one or more [[tax.class]] tables (note the double brackets)");
        } else {
            for (size_t i = 0; i < array->size(); ++i) {
                const toml::table& entry = *array->get(i)->as_table();
                const std::string path = "tax.class[" + std::to_string(i) + "]";
                c.checkKeys(entry, path, {"code", "name", "rate"}, "key");
                TaxClass taxClass;
                bool complete = true;
                if (auto code = c.string(&entry, path, "code", Need::Required)) {
                    if (!isIdentifier(*code, 16)) {
                        c.problem(
                            *entry.get("code"), path + ".code",
                            "\"" + *code + "\" must be 1 to 16 letters, digits, '.', '_' or '-'");
                        complete = false;
                    } else if (std::any_of(config.tax.classes.begin(), config.tax.classes.end(),
                                           [&](const TaxClass& t) { return t.code == *code; })) {
                        c.problem(*entry.get("code"), path + ".code",
                                  "\"" + *code + "\" is already defined");
                        complete = false;
                    }
                    taxClass.code = *code;
                } else {
                    complete = false;
                }
                if (auto name = c.string(&entry, path, "name", Need::Required))
                    taxClass.name = *name;
                else
                    complete = false;
                if (auto rate = c.exactNumber(&entry, path, "rate", Need::Required, "8.875")) {
                    auto ppm = parsePercentPpm(rate->first);
                    if (ppm) {
                        taxClass.rate = *ppm;
                    } else {
                        c.problem(*rate->second, path + ".rate", ppm.error().message);
                        complete = false;
                    }
                } else {
                    complete = false;
                }
                if (complete)
                    config.tax.classes.push_back(taxClass);
            }
        }
    }
    if (!config.tax.classes.empty())
        config.defaultTaxClass = config.tax.classes.front().code;
    if (auto code = c.string(tax, "tax", "default_class", Need::Optional)) {
        const auto& cls = config.tax.classes;
        if (std::none_of(cls.begin(), cls.end(),
                         [&](const TaxClass& t) { return t.code == *code; }))
            c.problem(*tax->get("default_class"), "tax.default_class",
                      "\"" + *code + "\" is not the code of a [[tax.class]]");
        else
            config.defaultTaxClass = *code;
    }
}

void readCheckout(Checker& c, const toml::table& root, Config& config) {
    const toml::table* checkout = c.table(root, "", "checkout", Need::Optional);
    if (checkout == nullptr)
        return;
    c.checkKeys(*checkout, "checkout",
                {"inactivity_warning_seconds", "inactivity_countdown_seconds", "finished_seconds",
                 "receipt_choice_seconds", "removal_needs_attendant"},
                "key");
    CheckoutConfig& s = config.checkout;
    const auto seconds = [&](std::string_view key, int64_t min, Millis& target) {
        if (auto v = c.integer(checkout, "checkout", key, Need::Optional, min, 3600))
            target = *v * 1000;
    };
    seconds("inactivity_warning_seconds", 0, s.inactivityWarnAfter);  // 0 switches it off
    seconds("inactivity_countdown_seconds", 1, s.inactivityCountdown);
    seconds("finished_seconds", 1, s.finishedDisplay);
    seconds("receipt_choice_seconds", 1, s.receiptChoiceTimeout);
    if (auto v = c.boolean(checkout, "checkout", "removal_needs_attendant", Need::Optional))
        s.removalNeedsAttendant = *v;
}

void readStaff(Checker& c, const toml::table& root, Config& config) {
    const toml::table* staff = c.table(root, "", "staff", Need::Optional);
    if (staff == nullptr)
        return;
    c.checkKeys(*staff, "staff", {"idle_signout_seconds", "lockout", "pin_cost"}, "key");
    StaffSettings& s = config.staff;
    // Under 5 s an attendant could not finish a price override before being signed out.
    if (auto v = c.integer(staff, "staff", "idle_signout_seconds", Need::Optional, 5, 3600))
        s.idleSignoutSeconds = static_cast<int>(*v);
    if (auto cost = c.string(staff, "staff", "pin_cost", Need::Optional)) {
        if (*cost == "interactive" || *cost == "minimum")
            s.pinCost = *cost;
        else
            c.problem(*staff->get("pin_cost"), "staff.pin_cost",
                      "\"" + *cost + "\" is not \"interactive\" or \"minimum\" (tests only)");
    }
    const toml::table* lockout = c.table(*staff, "staff", "lockout", Need::Optional);
    if (lockout == nullptr)
        return;
    c.checkKeys(*lockout, "staff.lockout",
                {"max_failures", "first_lockout_seconds", "factor", "max_lockout_hours"}, "key");
    LockoutPolicy& l = s.lockout;
    if (auto v = c.integer(lockout, "staff.lockout", "max_failures", Need::Optional, 1, 100))
        l.maxFailures = static_cast<int>(*v);
    if (auto v =
            c.integer(lockout, "staff.lockout", "first_lockout_seconds", Need::Optional, 1, 86'400))
        l.firstLockout = *v * 1000;
    if (auto v = c.integer(lockout, "staff.lockout", "factor", Need::Optional, 1, 100))
        l.factor = static_cast<int>(*v);
    if (auto v =
            c.integer(lockout, "staff.lockout", "max_lockout_hours", Need::Optional, 1, 24 * 365))
        l.maxLockout = *v * 3'600'000LL;
    if (l.maxLockout < l.firstLockout)
        c.problem(*lockout, "staff.lockout.max_lockout_hours",
                  "is shorter than staff.lockout.first_lockout_seconds");
}

void readAge(Checker& c, const toml::table& root, Config& config) {
    std::string country = "ID";
    const toml::table* age = c.table(root, "", "age", Need::Optional);
    if (age != nullptr) {
        c.checkKeys(*age, "age", {"country", "challenge", "minimum"}, "key");
        if (auto code = c.string(age, "age", "country", Need::Optional)) {
            const bool valid =
                code->size() == 2 && std::all_of(code->begin(), code->end(),
                                                 [](char ch) { return ch >= 'A' && ch <= 'Z'; });
            if (valid)
                country = *code;
            else
                c.problem(
                    *age->get("country"), "age.country",
                    "\"" + *code + "\" is not a two-letter uppercase ISO 3166 code such as \"ID\"");
        }
    }
    config.agePolicy = defaultAgePolicy(country);
    config.agePolicy.country = country;
    if (age == nullptr)
        return;
    if (auto challenge = c.integer(age, "age", "challenge", Need::Optional, 0, 99)) {
        if (*challenge != 0 && *challenge < 16)
            c.problem(*age->get("challenge"), "age.challenge",
                      std::to_string(*challenge) +
                          " is not a challenge age (0 for none, else 16 to 99, e.g. 25)");
        else
            config.agePolicy.challengeAge = static_cast<int>(*challenge);
    }
    const toml::table* minimum = c.table(*age, "age", "minimum", Need::Optional);
    if (minimum == nullptr)
        return;
    for (const auto& [key, node] : *minimum) {
        const std::string category(key.str());
        if (!isIdentifier(category, 32)) {
            c.problem(key.source().begin.line, join("age.minimum", category),
                      "a category is 1 to 32 letters, digits, '.', '_' or '-'");
            continue;
        }
        if (auto years = c.integer(minimum, "age.minimum", category, Need::Optional, 1, 99))
            config.agePolicy.minimumAge[category] = static_cast<int>(*years);
    }
}

// One reason list: ["code = Label", ["code", "Label"], "code"] replaces the default.
void readReasonList(Checker& c, const toml::table& reasons, std::string_view key,
                    std::vector<ReasonCode>& target) {
    const toml::node* node = c.node(&reasons, "reasons", key, Need::Optional);
    if (node == nullptr)
        return;
    const std::string path = join("reasons", key);
    const toml::array* array = node->as_array();
    if (array == nullptr || array->empty()) {
        c.problem(*node, path,
                  "expected a non-empty array of reasons, e.g. [\"damaged = Damaged item\"]");
        return;
    }
    const auto trim = [](std::string s) {
        const size_t b = s.find_first_not_of(" \t");
        const size_t e = s.find_last_not_of(" \t");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    std::vector<ReasonCode> list;
    for (size_t i = 0; i < array->size(); ++i) {
        const toml::node& item = *array->get(i);
        const std::string where = path + "[" + std::to_string(i) + "]";
        ReasonCode reason;
        if (const auto* text = item.as_string()) {
            const std::string& t = text->get();
            const size_t eq = t.find('=');
            reason.code = trim(t.substr(0, eq));
            reason.label = eq == std::string::npos ? reason.code : trim(t.substr(eq + 1));
        } else if (const auto* pair = item.as_array(); pair != nullptr && pair->size() == 2 &&
                                                       pair->get(0)->is_string() &&
                                                       pair->get(1)->is_string()) {
            reason.code = trim(pair->get(0)->as_string()->get());
            reason.label = trim(pair->get(1)->as_string()->get());
        } else {
            c.problem(item, where,
                      "expected \"code = Label\" or [\"code\", \"Label\"], found " +
                          typeName(item.type()));
            continue;
        }
        const bool codeOk = !reason.code.empty() && reason.code.size() <= 32 &&
                            std::all_of(reason.code.begin(), reason.code.end(), [](char ch) {
                                return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                                       ch == '-' || ch == '_';
                            });
        if (!codeOk) {
            c.problem(item, where,
                      "\"" + reason.code +
                          "\" is not a reason code (1 to 32 lowercase letters, digits, '-', '_')");
            continue;
        }
        if (reason.label.empty()) {
            c.problem(item, where, "the label of \"" + reason.code + "\" is empty");
            continue;
        }
        if (hasReason(list, reason.code)) {
            c.problem(item, where, "\"" + reason.code + "\" is listed twice");
            continue;
        }
        list.push_back(std::move(reason));
    }
    if (!list.empty())
        target = std::move(list);
}

void readReasons(Checker& c, const toml::table& root, Config& config) {
    const toml::table* reasons = c.table(root, "", "reasons", Need::Optional);
    if (reasons == nullptr)
        return;
    c.checkKeys(*reasons, "reasons", {"void", "override", "discount", "cancel"}, "key");
    readReasonList(c, *reasons, "void", config.reasons.voids);
    readReasonList(c, *reasons, "override", config.reasons.overrides);
    readReasonList(c, *reasons, "discount", config.reasons.discounts);
    readReasonList(c, *reasons, "cancel", config.reasons.cancels);
}

}  // namespace

Result<int64_t> parsePercentPpm(std::string_view text) {
    const auto bad = [&](std::string_view why) {
        return makeError(ErrorCode::InvalidArgument,
                         "\"" + std::string(text) + "\" is not a percentage (" + std::string(why) +
                             "; write e.g. \"11\" or \"8.875\")");
    };
    std::string_view digits = text;
    if (!digits.empty() && digits.back() == '%')
        digits.remove_suffix(1);
    if (digits.empty())
        return bad("empty");
    int64_t whole = 0;
    int64_t fraction = 0;
    int fractionDigits = 0;
    bool dot = false;
    bool anyDigit = false;
    for (char ch : digits) {
        if (ch == '.' && !dot) {
            dot = true;
            continue;
        }
        if (ch < '0' || ch > '9')
            return bad("only digits and one '.' are allowed");
        anyDigit = true;
        if (!dot) {
            if (whole > 100)
                return bad("more than 100%");
            whole = whole * 10 + (ch - '0');
        } else if (++fractionDigits > 4) {
            // 1 ppm is 0.0001%; finer digits are accepted only when they are zeros.
            if (ch != '0')
                return bad("more than four decimals");
        } else {
            fraction = fraction * 10 + (ch - '0');
        }
    }
    if (!anyDigit)
        return bad("no digits");
    for (int i = std::min(fractionDigits, 4); i < 4; ++i)
        fraction *= 10;
    const int64_t ppm = whole * 10'000 + fraction;  // 1% = 10'000 ppm
    if (ppm > 100 * 10'000)
        return bad("more than 100%");
    return ppm;
}

PricingRules pricingRulesOf(const Config& config) {
    PricingRules rules;
    rules.currency = config.store.currency;
    rules.tax = config.tax;
    return rules;
}

CheckoutSetup checkoutSetupOf(const Config& config) {
    CheckoutSetup setup;
    setup.config = config.checkout;
    setup.rules = pricingRulesOf(config);
    setup.storeId = config.store.id;
    setup.kioskId = config.kioskId;
    setup.defaultLanguage = config.store.defaultLanguage;
    setup.agePolicy = config.agePolicy;
    setup.reasons = config.reasons;
    return setup;
}

Result<Config> parseConfig(std::string_view text, const std::string& sourceName,
                           const std::string& baseDir) {
    toml::table root;
    try {
        root = toml::parse(text, sourceName);
    } catch (const toml::parse_error& e) {
        // toml++ throws; nothing beyond this function sees an exception.
        std::string message = sourceName;
        if (e.source().begin.line > 0)
            message += ":" + std::to_string(e.source().begin.line);
        message += ": not valid TOML: " + std::string(e.description());
        return makeError(ErrorCode::InvalidArgument, message);
    }

    Checker c(sourceName);
    Config config;
    config.sourcePath = sourceName;
    // [devices.*] and [ui] keys are checked by the code that owns them (see section.hpp).
    c.checkKeys(root, "",
                {"store", "kiosk", "database", "tax", "checkout", "devices", "ui", "staff", "age",
                 "reasons"},
                "section");
    readStore(c, root, config);

    const toml::table* kiosk = c.table(root, "", "kiosk", Need::Required);
    if (kiosk != nullptr)
        c.checkKeys(*kiosk, "kiosk", {"id"}, "key");
    if (auto id = c.string(kiosk, "kiosk", "id", Need::Required)) {
        if (isIdentifier(*id, 32))
            config.kioskId = *id;
        else
            c.problem(*kiosk->get("id"), "kiosk.id",
                      "\"" + *id + "\" must be 1 to 32 letters, digits, '.', '_' or '-'");
    }

    const toml::table* database = c.table(root, "", "database", Need::Required);
    if (database != nullptr)
        c.checkKeys(*database, "database", {"path"}, "key");
    if (auto path = c.string(database, "database", "path", Need::Required)) {
        std::filesystem::path p(*path);
        if (p.is_relative() && !baseDir.empty())
            p = std::filesystem::path(baseDir) / p;
        config.databasePath = p.lexically_normal().string();
    }

    readTax(c, root, config);
    readCheckout(c, root, config);
    readStaff(c, root, config);
    readAge(c, root, config);
    readReasons(c, root, config);
    if (const toml::table* devices = c.table(root, "", "devices", Need::Optional)) {
        for (const auto& [key, node] : *devices) {
            const std::string name(key.str());
            const bool known = std::find(std::begin(kDeviceNames), std::end(kDeviceNames), name) !=
                               std::end(kDeviceNames);
            if (!known) {
                std::string names;
                for (std::string_view n : kDeviceNames)
                    names += (names.empty() ? "" : ", ") + std::string(n);
                c.problem(key.source().begin.line, join("devices", name),
                          "unknown device (kasir knows " + names + ")");
                continue;
            }
            if (const toml::table* t = c.table(*devices, "devices", name, Need::Optional))
                config.devices[name] = c.section(*t, join("devices", name));
        }
    }
    if (const toml::table* ui = c.table(root, "", "ui", Need::Optional))
        config.ui = c.section(*ui, "ui");

    if (!c.clean())
        return makeError(ErrorCode::InvalidArgument, c.report());
    return config;
}

Result<Config> loadConfig(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return makeError(ErrorCode::Io, path + ": is a directory, not a configuration file");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        return makeError(ErrorCode::Io,
                         path + ": cannot read the configuration file: " + std::strerror(err));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return makeError(ErrorCode::Io, path + ": error while reading the configuration file");
    return parseConfig(text.str(), path, std::filesystem::path(path).parent_path().string());
}

}  // namespace kiosk::config
