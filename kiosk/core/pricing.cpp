// Pricing: line amounts, promotions and tax for a cart; cash rounding.
// Everything is integer minor units and ppm rates; every overflow becomes an Error.
#include "kiosk/core/pricing.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace kiosk {
namespace {

Error overflow(const std::string& what) {
    return makeError(ErrorCode::Overflow, "amount too large: " + what);
}

std::string describe(const CartLine& line) {
    return "'" + line.product.nameFor("en") + "' (product " + std::to_string(line.product.id) +
           ", line " + std::to_string(line.lineId) + ")";
}

// Gross of one line before discounts: unit price x quantity, or price per kg x grams / 1000
// rounded half up (weights are never negative, so mulDivRound's half-away-from-zero is half up).
Result<PricedLine> priceLine(const CartLine& line) {
    PricedLine out;
    out.lineId = line.lineId;
    out.unitPrice = line.priceOverride.value_or(line.product.price);
    out.taxClass = line.product.taxClass;
    if (out.unitPrice < 0)
        return makeError(ErrorCode::InvalidArgument, "negative price on " + describe(line));
    if (line.product.unit == SaleUnit::Weight) {
        if (line.weightGrams <= 0)
            return makeError(ErrorCode::InvalidArgument, "no weight on " + describe(line));
        out.quantity = 1;
        out.weightGrams = line.weightGrams;
        auto gross = mulDivRound(out.unitPrice, line.weightGrams, 1000);
        if (!gross)
            return overflow(describe(line));
        out.gross = *gross;
    } else {
        if (line.quantity <= 0)
            return makeError(ErrorCode::InvalidArgument, "no quantity on " + describe(line));
        out.quantity = line.quantity;
        auto gross = checkedMul(out.unitPrice, line.quantity);
        if (!gross)
            return overflow(describe(line));
        out.gross = *gross;
    }
    return out;
}

// Tax contained in (Inclusive) or added to (Exclusive) a tax-class amount, rounded half up.
std::optional<int64_t> taxOf(int64_t amount, int64_t rate, TaxMode mode) {
    if (mode == TaxMode::Inclusive) {
        auto den = checkedAdd(kRateOne, rate);
        if (!den)
            return std::nullopt;
        return mulDivRound(amount, rate, *den);
    }
    return mulDivRound(amount, rate, kRateOne);
}

// Fills tax on lines (PerLine), the per-class breakdown and the totals.
Result<void> applyTax(const Cart& cart, const TaxConfig& config, PricedCart& priced) {
    // Classes ordered by code, as the receipt wants them (the first of duplicate codes wins).
    // A store has a handful, so a sorted vector beats a map.
    std::vector<const TaxClass*> classes;
    for (const auto& c : config.classes)
        classes.push_back(&c);
    std::stable_sort(classes.begin(), classes.end(),
                     [](const TaxClass* a, const TaxClass* b) { return a->code < b->code; });
    classes.erase(
        std::unique(classes.begin(), classes.end(),
                    [](const TaxClass* a, const TaxClass* b) { return a->code == b->code; }),
        classes.end());

    struct Sum {
        int64_t net = 0;
        int64_t tax = 0;
        bool used = false;
    };
    std::vector<Sum> perClass(classes.size());
    size_t previous = classes.size();  // lines mostly share a class: try the last one first
    for (size_t i = 0; i < priced.lines.size(); ++i) {
        PricedLine& line = priced.lines[i];
        size_t at = previous;
        if (at == classes.size() || classes[at]->code != line.taxClass) {
            auto it = std::lower_bound(
                classes.begin(), classes.end(), line.taxClass,
                [](const TaxClass* c, const std::string& code) { return c->code < code; });
            if (it == classes.end() || (*it)->code != line.taxClass)
                return makeError(ErrorCode::NotFound, "unknown tax class '" + line.taxClass +
                                                          "' on " + describe(cart.lines()[i]));
            at = static_cast<size_t>(it - classes.begin());
            previous = at;
        }
        const int64_t rate = classes[at]->rate;
        if (rate < 0)
            return makeError(ErrorCode::InvalidArgument,
                             "negative rate in tax class '" + line.taxClass + "'");
        Sum& sum = perClass[at];
        sum.used = true;
        auto net = checkedAdd(sum.net, line.net);
        if (!net)
            return overflow("tax class " + line.taxClass);
        sum.net = *net;
        if (config.rounding == TaxRounding::PerLine) {
            auto tax = taxOf(line.net, rate, config.mode);
            if (!tax)
                return overflow(describe(cart.lines()[i]));
            line.tax = *tax;
            auto total = checkedAdd(sum.tax, *tax);
            if (!total)
                return overflow("tax class " + line.taxClass);
            sum.tax = *total;
        } else {
            line.tax = 0;  // per-receipt rounding has no per-line tax
        }
    }

    int64_t taxTotal = 0;
    for (size_t at = 0; at < classes.size(); ++at) {
        const Sum& sum = perClass[at];
        if (!sum.used)
            continue;
        const TaxClass& c = *classes[at];
        const std::string& code = c.code;
        TaxLine t;
        t.taxClass = code;
        t.name = c.name;
        t.rate = c.rate;
        t.tax = sum.tax;
        if (config.rounding == TaxRounding::PerReceipt) {
            auto tax = taxOf(sum.net, c.rate, config.mode);
            if (!tax)
                return overflow("tax class " + code);
            t.tax = *tax;
        }
        if (config.mode == TaxMode::Inclusive) {
            t.gross = sum.net;
            t.base = sum.net - t.tax;  // 0 <= tax <= net, cannot overflow
        } else {
            t.base = sum.net;
            auto gross = checkedAdd(sum.net, t.tax);
            if (!gross)
                return overflow("tax class " + code);
            t.gross = *gross;
        }
        auto total = checkedAdd(taxTotal, t.tax);
        if (!total)
            return overflow("tax total");
        taxTotal = *total;
        priced.taxes.push_back(std::move(t));
    }
    priced.taxTotal = taxTotal;
    const int64_t netTotal = priced.subtotal - priced.discountTotal;  // 0 <= discounts <= gross
    if (config.mode == TaxMode::Inclusive) {
        priced.total = netTotal;
    } else {
        auto total = checkedAdd(netTotal, taxTotal);
        if (!total)
            return overflow("total");
        priced.total = *total;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Promotions: which promotion gets which unit.
//
// The model. A unit of a cart line is one of `quantity` identical units; a weighed line is one
// unit priced at its gross. Lines with an attendant's price override take no promotion. Each
// unit goes to at most one promotion and the shopper gets the plan with the largest saving.
//   - PercentOff / AmountOff ("per-unit" promotions) save the same on every unit they cover:
//     percent of the unit price rounded half up, or min(amount, unit price). On a weighed line
//     the amount is per kg (prorated by weight, rounded half up, capped at the line's gross).
//   - BuyNPayM / NForPrice ("deals") need units in groups of n. For a given set of units the
//     best grouping is to sort them by price, dearest first, and cut consecutive groups of n:
//     for BuyNPayM the n-m cheapest of each group are free, for NForPrice a group costs
//     `amount` (a group that would not save is not formed). Deals never apply to weighed lines.
//
// Per-unit promotions never conflict with each other in a way that needs search: a unit not
// taken by a deal simply gets its best per-unit saving `alt` (ties: lowest promotion id). So
// the plan is: choose the units each deal takes, maximising
//     sum over deals of (deal saving - sum of `alt` of the units it takes),
// and every other unit takes its `alt`.
//
// Deals that share no eligible cart line are independent, so they are split into connected
// components (union-find over shared lines) and each component is solved on its own.
//
// Exact solver (dynamic programming). Lines of a component are visited by unit price,
// dearest first (ties: cart order), which is the order every deal groups its units in. The
// state is, for each deal of the component, how many units its current unfinished group holds
// (a residue mod n); a transition chooses how many units of the line each covering deal takes.
// The value of taking k units from residue r is known in closed form (free positions of the
// group are positions >= m), and a deal's residue must be 0 after its last line, so partial
// groups never count. Units a deal takes gain `price*(n-m) - n*alt` (BuyNPayM) or
// `n*price - amount - n*alt` (NForPrice) per whole extra group, independently of the state, so
// per line only these splits need trying: for the deal with the best gain per unit ("best")
// the residue b in [0, n_best) plus as many whole groups as fit (when its gain is positive),
// and for every other deal with a positive gain k in [0, n*n_best); for non-positive gains
// k in [0, n). Exchange argument: n_best groups of another deal can be traded for n groups of
// the best one (same units, same residues, no less value). With these splits the DP is exact:
// it finds the best plan over all assignments of units to promotions, which a brute-force
// test checks on thousands of random small carts.
//
// Limits. The DP's work is (reachable states x splits) per line; states grow as the product of
// the n of deals whose lines interleave in price order. A component whose estimated or actual
// work exceeds the cart's exact budget is solved by a deterministic heuristic instead: deals
// are ranked by a greedy estimate of what each saves alone (ties: id), each is then solved
// exactly on its own (the same DP with one deal) on the units the earlier ones left, and
// coordinate ascent re-solves every deal against the others' choices until none improves (a
// few passes, within a work budget). The result is a local optimum, not always the global
// one; it never gives a unit twice or lets a line go negative. A deal whose own DP is over
// budget (an enormous n, or the budget spent) takes the dearest units greedily. Budgets are
// counted in DP steps, never time, so the exact/heuristic choice is itself deterministic.
//
// Ties. Promotions are sorted by id (then by every field) before anything else, so the order
// they are configured in never matters. Among plans that save the same, the DP prefers deals
// on dearer units, then deals with lower ids; a unit's per-unit promotion is the lowest id
// among equal savings; any tie left keeps the first plan found in the fixed enumeration order.
// The search maximises the saving on shelf prices (in exclusive-tax mode, the tax follows).

using Value = __int128;  // DP values: savings minus opportunity costs; cannot overflow here

constexpr int64_t kPercentOne = 10'000;         // Promotion::percent is in basis points
constexpr int64_t kMaxDealSize = 1'000'000;     // an n beyond this is a configuration error
constexpr int64_t kExactBudget = 20'000;        // DP transitions per cart for exact solving
constexpr int64_t kHeuristicBudget = 60'000;    // DP transitions per cart for the heuristic
constexpr int64_t kSingleDealBudget = 1 << 14;  // per single-deal solve in the heuristic
constexpr int kAscentPasses = 4;

bool isDeal(PromotionKind kind) {
    return kind == PromotionKind::BuyNPayM || kind == PromotionKind::NForPrice;
}

// Promotions that cannot mean anything (n = 0, percent > 100%, ...) are ignored rather than
// failing the sale; the back office validates them on entry.
bool isActive(const Promotion& p, Timestamp now) {
    if (now < p.validFrom || now >= p.validUntil)
        return false;
    switch (p.kind) {
        case PromotionKind::BuyNPayM:
            return p.n >= 1 && p.n <= kMaxDealSize && p.m >= 0 && p.m < p.n;
        case PromotionKind::NForPrice:
            return p.n >= 1 && p.n <= kMaxDealSize && p.amount >= 0;
        case PromotionKind::PercentOff:
            return p.percent > 0 && p.percent <= kPercentOne;
        case PromotionKind::AmountOff:
            return p.amount > 0;
    }
    return false;
}

// A total order, so that the order promotions are configured in never changes a price.
bool promotionBefore(const Promotion* a, const Promotion* b) {
    return std::tie(a->id, a->kind, a->n, a->m, a->amount, a->percent, a->validFrom, a->validUntil,
                    a->productIds, a->label) < std::tie(b->id, b->kind, b->n, b->m, b->amount,
                                                        b->percent, b->validFrom, b->validUntil,
                                                        b->productIds, b->label);
}

// A cart line some active promotion may reduce.
struct PromoLine {
    size_t line = 0;             // index into the cart's lines
    int64_t price = 0;           // of one unit (weighed line: its gross)
    int64_t units = 0;           // quantity (weighed line: 1)
    int64_t alt = 0;             // per-unit saving of the best per-unit promotion, 0 if none
    int altPromo = -1;           // index into the active promotions
    std::span<const int> deals;  // active deals covering it, ascending (in a shared pool)
    int64_t used = 0;            // units taken by deals so far
};

struct Deal {
    PromotionKind kind = PromotionKind::BuyNPayM;
    int64_t n = 1;
    int64_t m = 0;
    int64_t amount = 0;
};

Deal dealOf(const Promotion& p) {
    return Deal{p.kind, p.n, p.m, p.amount};
}

// One line as the DP sees it, with deal indices local to the problem being solved.
struct DealLine {
    int64_t price = 0;
    int64_t cap = 0;  // units available to deals
    int64_t alt = 0;
    std::span<const int> deals;  // ascending, in a pool the caller keeps alive
};

struct DealPlan {
    Value value = 0;
    std::vector<int64_t> take;  // units lines[i].deals[t] takes: take[start[i] + t]
    std::vector<size_t> start;  // empty when there is one deal: line i's take is take[i]
    int64_t& at(size_t i, size_t t) { return take[start.empty() ? i : start[i] + t]; }
};

// Free units among the first x units a BuyNPayM deal takes (positions m..n-1 of each group).
int64_t freeUnits(const Deal& d, int64_t x) {
    return (x / d.n) * (d.n - d.m) + std::max<int64_t>(0, x % d.n - d.m);
}

// freeUnits for x < 2n, without a division (the DP's hot loops).
int64_t freeUnitsBelowTwoGroups(const Deal& d, int64_t x) {
    return x < d.n ? std::max<int64_t>(0, x - d.m)
                   : (d.n - d.m) + std::max<int64_t>(0, x - d.n - d.m);
}

// Value of a deal taking k more units at `price` when its open group holds r units.
Value takeValue(const Deal& d, int64_t price, int64_t alt, int64_t r, int64_t k) {
    const Value lost = static_cast<Value>(alt) * k;
    if (d.kind == PromotionKind::BuyNPayM)
        return static_cast<Value>(price) * (freeUnits(d, r + k) - freeUnits(d, r)) - lost;
    return static_cast<Value>(price) * k - static_cast<Value>(d.amount) * ((r + k) / d.n) - lost;
}

// A DP value: the saving first; among plans that save the same, `tie` prefers deals on dearer
// units, then deals with lower ids, so equal plans always resolve the same way. Both parts are
// sums over lines, so the DP stays exact for the saving.
struct Score {
    Value saving = 0;
    Value tie = 0;
    bool operator>(const Score& o) const {
        return saving > o.saving || (saving == o.saving && tie > o.tie);
    }
};

// Tie part of deal `deal` (index in its problem) taking k units at `price`; the price term
// dominates (sums of prices fit int64, shifted they fit __int128).
Value tieOf(int64_t price, int64_t k, size_t deal) {
    return (static_cast<Value>(price) * k << 40) - static_cast<Value>(k) * static_cast<Value>(deal);
}

// Value of one more whole group of n units at `price`, whatever the residue.
Value groupGain(const Deal& d, int64_t price, int64_t alt) {
    return takeValue(d, price, alt, 0, d.n);
}

// Buffers for listSplits, reused across lines.
struct SplitScratch {
    std::vector<Value> gain;
    std::vector<int64_t> lim, cur;
};

// Appends to `out` the splits of a line's units over its deals that an optimal plan may use
// (see the exchange argument above), deals.size() numbers per split. Fails past `limit`.
bool listSplits(const DealLine& line, const std::vector<Deal>& deals, int64_t limit,
                std::vector<int64_t>& out, SplitScratch& scratch) {
    const size_t k = line.deals.size();
    std::vector<Value>& gain = scratch.gain;
    gain.assign(k, 0);
    int best = -1;
    for (size_t t = 0; t < k; ++t) {
        const Deal& d = deals[static_cast<size_t>(line.deals[t])];
        gain[t] = groupGain(d, line.price, line.alt);
        if (gain[t] <= 0)
            continue;
        const int64_t bn = best < 0 ? 0 : deals[static_cast<size_t>(line.deals[best])].n;
        if (best < 0 || gain[t] * bn > gain[static_cast<size_t>(best)] * d.n)
            best = static_cast<int>(t);
    }
    const int64_t bestN = best < 0 ? 1 : deals[static_cast<size_t>(line.deals[best])].n;
    std::vector<int64_t>& lim = scratch.lim;
    lim.assign(k, 0);
    Value count = 1;
    for (size_t t = 0; t < k; ++t) {
        const int64_t n = deals[static_cast<size_t>(line.deals[t])].n;
        Value l = n;  // residues 0..n-1
        if (best >= 0 && static_cast<int>(t) != best && gain[t] > 0)
            l = static_cast<Value>(n) * bestN;  // plus fewer than bestN whole groups
        lim[t] = static_cast<int64_t>(std::min<Value>(l - 1, line.cap));
        count *= lim[t] + 1;
        if (count > limit)
            return false;
    }
    std::vector<int64_t>& cur = scratch.cur;
    cur.assign(k, 0);
    // Depth-first over deals in id order, larger takes first.
    auto recurse = [&](auto& self, size_t t, int64_t left) -> void {
        if (t == k) {
            const size_t start = out.size();
            out.insert(out.end(), cur.begin(), cur.end());
            if (best >= 0) {
                const auto b = static_cast<size_t>(best);
                out[start + b] += (left / bestN) * bestN;  // fill with whole groups
            }
            return;
        }
        for (int64_t v = std::min(lim[t], left); v >= 0; --v) {
            cur[t] = v;
            self(self, t + 1, left - v);
        }
    };
    recurse(recurse, 0, line.cap);
    return true;
}

// Map from DP state code to node index. Cleared per line by bumping a generation instead of
// wiping memory; a plain array when the state space is small, open addressing otherwise.
class StateIndex {
  public:
    void prepare(uint64_t states) {
        dense_ = states <= kDenseLimit;
        const size_t want = dense_ ? static_cast<size_t>(states) : size_t{1024};
        if (keys_.size() < want || !dense_) {
            keys_.assign(want, 0);
            slots_.assign(want, 0);
            stamps_.assign(want, 0);
            generation_ = 0;
        }
        clear();
    }
    void clear() {
        size_ = 0;
        if (++generation_ == 0) {  // wrapped: old stamps could collide
            std::fill(stamps_.begin(), stamps_.end(), 0);
            generation_ = 1;
        }
    }
    // The node index of `code`; inserts `next` (and returns it) when the code is new.
    int32_t findOrInsert(uint64_t code, int32_t next) {
        if (dense_) {
            const auto i = static_cast<size_t>(code);
            if (stamps_[i] == generation_)
                return slots_[i];
            stamps_[i] = generation_;
            slots_[i] = next;
            return next;
        }
        if ((size_ + 1) * 2 > keys_.size())
            grow();
        size_t i = hash(code) & (keys_.size() - 1);
        while (stamps_[i] == generation_) {
            if (keys_[i] == code)
                return slots_[i];
            i = (i + 1) & (keys_.size() - 1);
        }
        stamps_[i] = generation_;
        keys_[i] = code;
        slots_[i] = next;
        ++size_;
        return next;
    }

  private:
    static constexpr uint64_t kDenseLimit = 1 << 14;
    static size_t hash(uint64_t x) {
        x ^= x >> 31;
        x *= 0x9e3779b97f4a7c15ULL;
        return static_cast<size_t>(x ^ (x >> 29));
    }
    void grow() {
        std::vector<uint64_t> keys;
        std::vector<int32_t> slots;
        for (size_t j = 0; j < keys_.size(); ++j)
            if (stamps_[j] == generation_) {
                keys.push_back(keys_[j]);
                slots.push_back(slots_[j]);
            }
        const size_t capacity = keys_.size() * 2;
        keys_.assign(capacity, 0);
        slots_.assign(capacity, 0);
        stamps_.assign(capacity, 0);
        generation_ = 1;
        for (size_t j = 0; j < keys.size(); ++j) {
            size_t i = hash(keys[j]) & (capacity - 1);
            while (stamps_[i] == generation_)
                i = (i + 1) & (capacity - 1);
            stamps_[i] = generation_;
            keys_[i] = keys[j];
            slots_[i] = slots[j];
        }
    }
    std::vector<uint64_t> keys_;
    std::vector<int32_t> slots_;
    std::vector<uint32_t> stamps_;
    uint32_t generation_ = 0;
    size_t size_ = 0;
    bool dense_ = true;
};

// Buffers the DP reuses from one solve to the next while a cart is priced.
struct DpScratch {
    StateIndex index;
    std::vector<uint64_t> codes, nextCodes;
    std::vector<Score> values, nextValues;
    std::vector<uint64_t> back;  // per node of every layer: parent << 32 | split
    std::vector<size_t> layerStart;
    std::vector<int64_t> splits;  // every line's splits, flat
    std::vector<size_t> splitStart;
    std::vector<Score> splitBase;     // per split of the current line
    std::vector<int64_t> splitLoose;  // per split and deal of the current line
    std::vector<int64_t> residue;
    std::vector<uint64_t> stride;
    std::vector<size_t> last;
    std::vector<Value> reachBound;  // estimateWork
    SplitScratch split;
    std::vector<char> reach, nextReach;                // single-deal DP
    std::vector<std::pair<int64_t, int64_t>> oneBack;  // single-deal DP: (residue, take)
    std::vector<int64_t> take;                         // single-deal DP: take per b
    std::vector<Score> base;                           // single-deal DP: value per b
};

// Work budgets in DP transitions (state x split x deal), spent in a fixed order so the choice
// between exact and heuristic solving is itself deterministic.
struct Budget {
    int64_t exact = 0;
    int64_t heuristic = 0;
};

// An upper bound on the DP's work: residues a deal can hold entering a line are limited by n
// and by the units it could have taken so far. Lets hopeless components skip the exact DP.
// Stops counting once past `limit`.
Value estimateWork(const std::vector<Deal>& deals, const std::vector<DealLine>& lines, Value limit,
                   DpScratch& s) {
    std::vector<Value>& reach = s.reachBound;
    reach.assign(deals.size(), 1);
    std::vector<size_t>& last = s.last;
    last.assign(deals.size(), 0);
    for (size_t i = 0; i < lines.size(); ++i)
        for (int j : lines[i].deals)
            last[static_cast<size_t>(j)] = i;
    Value work = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        Value states = 1;
        for (Value r : reach)
            states = std::min<Value>(states * r, Value{1} << 62);
        Value splits = 1;
        for (int j : lines[i].deals) {
            const Deal& d = deals[static_cast<size_t>(j)];
            splits = std::min<Value>(splits * std::min<int64_t>(lines[i].cap + 1, d.n * 2),
                                     Value{1} << 62);
        }
        work += std::min<Value>(states * splits, Value{1} << 62);
        if (work > limit)
            return work;
        for (int j : lines[i].deals) {
            const auto ju = static_cast<size_t>(j);
            reach[ju] = last[ju] == i ? 1 : std::min<Value>(reach[ju] + lines[i].cap, deals[ju].n);
        }
    }
    return work;
}

// The exact DP for a single deal, the common case and the heuristic's building block: the
// states are just the n residues, so plain arrays replace the state index. Ignores
// DealLine::deals. Returns nullopt when the work would exceed `budget`.
std::optional<DealPlan> planOneDeal(const Deal& d, const std::vector<DealLine>& lines,
                                    int64_t& budget, DpScratch& s) {
    const int64_t n = d.n;
    const auto width = static_cast<size_t>(n);
    if (static_cast<Value>(width) * static_cast<Value>(lines.size()) > kSingleDealBudget * 4)
        return std::nullopt;  // the back-pointer table alone would be too big
    s.values.assign(width, Score{});
    s.nextValues.assign(width, Score{});
    s.reach.assign(width, 0);
    s.nextReach.assign(width, 0);
    s.oneBack.assign(width * lines.size(), {0, 0});
    s.reach[0] = 1;
    int64_t reachable = 1;
    for (size_t i = 0; i < lines.size(); ++i) {
        const DealLine& line = lines[i];
        const bool lastLine = i + 1 == lines.size();
        const int64_t residues = std::min(n - 1, line.cap) + 1;
        if (reachable * residues > budget)
            return std::nullopt;
        budget -= reachable * residues;
        // Taking k = b + c*n units: the c whole groups and the tie part do not depend on the
        // residue, so they are computed once per b; the rest needs no division since r + b < 2n.
        const bool fill = groupGain(d, line.price, line.alt) > 0;
        s.take.resize(static_cast<size_t>(residues));
        s.base.resize(static_cast<size_t>(residues));
        for (int64_t b = 0; b < residues; ++b) {
            const int64_t k = fill ? b + n * ((line.cap - b) / n) : b;
            const auto bu = static_cast<size_t>(b);
            s.take[bu] = k;
            s.base[bu] = Score{
                takeValue(d, line.price, line.alt, 0, k - b) - static_cast<Value>(line.alt) * b,
                tieOf(line.price, k, 0)};
        }
        const bool buy = d.kind == PromotionKind::BuyNPayM;
        auto freeBelow = [&](int64_t x) { return freeUnitsBelowTwoGroups(d, x); };
        std::fill(s.nextReach.begin(), s.nextReach.end(), 0);
        for (int64_t r = 0; r < n; ++r) {
            if (!s.reach[static_cast<size_t>(r)])
                continue;
            const Score& from = s.values[static_cast<size_t>(r)];
            const int64_t freeBefore = buy ? freeBelow(r) : 0;
            for (int64_t b = residues - 1; b >= 0; --b) {
                const int64_t x = r + b;
                const int64_t next = x >= n ? x - n : x;
                if (lastLine && next != 0)
                    continue;  // a partial group is no deal
                const auto bu = static_cast<size_t>(b);
                // The b loose units: free positions (BuyNPayM, price x units <= line gross)
                // or their price and one more group's amount if they complete it (NForPrice).
                const Value loose =
                    buy ? static_cast<Value>(line.price * (freeBelow(x) - freeBefore))
                        : static_cast<Value>(line.price * b) - (x >= n ? Value{d.amount} : 0);
                const Score v{from.saving + s.base[bu].saving + loose, from.tie + s.base[bu].tie};
                const int64_t k = s.take[bu];
                const auto at = static_cast<size_t>(next);
                if (!s.nextReach[at] || v > s.nextValues[at]) {
                    s.nextReach[at] = 1;
                    s.nextValues[at] = v;
                    s.oneBack[i * width + at] = {r, k};
                }
            }
        }
        std::swap(s.values, s.nextValues);
        std::swap(s.reach, s.nextReach);
        reachable = std::count(s.reach.begin(), s.reach.end(), char{1});
    }
    DealPlan plan;
    plan.take.assign(lines.size(), 0);
    if (lines.empty())
        return plan;
    plan.value = s.values[0].saving;
    size_t at = 0;
    for (size_t i = lines.size(); i-- > 0;) {
        const auto [r, k] = s.oneBack[i * width + at];
        plan.take[i] = k;
        at = static_cast<size_t>(r);
    }
    return plan;
}

// The exact DP described above. Lines must be in processing order. Debits `budget` by the
// work done; returns nullopt (budget partly spent) when the problem is too large for it.
std::optional<DealPlan> planDeals(const std::vector<Deal>& deals,
                                  const std::vector<DealLine>& lines, int64_t& budget,
                                  DpScratch& s) {
    if (deals.size() == 1)
        return planOneDeal(deals[0], lines, budget, s);
    const size_t nd = deals.size();
    std::vector<uint64_t>& stride = s.stride;
    stride.assign(nd, 0);
    uint64_t states = 1;
    for (size_t j = 0; j < nd; ++j) {
        const auto n = static_cast<uint64_t>(deals[j].n);
        if (states > (uint64_t{1} << 62) / n)
            return std::nullopt;
        stride[j] = states;
        states *= n;
    }
    std::vector<size_t>& last = s.last;
    last.assign(nd, 0);
    for (size_t i = 0; i < lines.size(); ++i)
        for (int j : lines[i].deals)
            last[static_cast<size_t>(j)] = i;

    s.index.prepare(states);
    s.codes.assign(1, 0);
    s.values.assign(1, Score{});
    s.back.clear();
    s.layerStart.clear();
    s.splits.clear();
    s.splitStart.clear();
    for (size_t i = 0; i < lines.size(); ++i) {
        const DealLine& line = lines[i];
        const size_t k = line.deals.size();
        const auto perSplit = static_cast<int64_t>(s.codes.size() * k);
        const size_t first = s.splits.size();
        if (!listSplits(line, deals, budget / perSplit, s.splits, s.split))
            return std::nullopt;
        const auto splitCount = static_cast<int64_t>((s.splits.size() - first) / k);
        if (splitCount * perSplit > budget)
            return std::nullopt;
        budget -= splitCount * perSplit;
        s.splitStart.push_back(first);
        const int64_t* lineSplits = s.splits.data() + first;
        s.layerStart.push_back(s.back.size());

        // Per split, what does not depend on the residues (whole groups, the lost per-unit
        // savings, the tie) and each deal's loose units (take mod n, so r + loose < 2n and
        // the hot loop below needs no division).
        s.splitBase.resize(static_cast<size_t>(splitCount));
        s.splitLoose.resize(static_cast<size_t>(splitCount) * k);
        for (int64_t sp = 0; sp < splitCount; ++sp) {
            const int64_t* take = lineSplits + static_cast<size_t>(sp) * k;
            Score base;
            for (size_t t = 0; t < k; ++t) {
                const auto j = static_cast<size_t>(line.deals[t]);
                const Deal& d = deals[j];
                const int64_t loose = take[t] % d.n;
                base.saving += takeValue(d, line.price, line.alt, 0, take[t] - loose) -
                               static_cast<Value>(line.alt) * loose;
                if (d.kind == PromotionKind::NForPrice)
                    base.saving += static_cast<Value>(line.price) * loose;
                base.tie += tieOf(line.price, take[t], j);
                s.splitLoose[static_cast<size_t>(sp) * k + t] = loose;
            }
            s.splitBase[static_cast<size_t>(sp)] = base;
        }

        s.index.clear();
        s.nextCodes.clear();
        s.nextValues.clear();
        s.residue.resize(k);
        for (size_t a = 0; a < s.codes.size(); ++a) {
            const uint64_t from = s.codes[a];
            for (size_t t = 0; t < k; ++t) {
                const auto j = static_cast<size_t>(line.deals[t]);
                s.residue[t] =
                    static_cast<int64_t>((from / stride[j]) % static_cast<uint64_t>(deals[j].n));
            }
            for (int64_t sp = 0; sp < splitCount; ++sp) {
                const int64_t* loose = &s.splitLoose[static_cast<size_t>(sp) * k];
                const Score& base = s.splitBase[static_cast<size_t>(sp)];
                Score value{s.values[a].saving + base.saving, s.values[a].tie + base.tie};
                uint64_t code = from;
                bool open = false;  // a deal left with a partial group after its last line
                for (size_t t = 0; t < k; ++t) {
                    const auto j = static_cast<size_t>(line.deals[t]);
                    const Deal& d = deals[j];
                    const int64_t r = s.residue[t];
                    const int64_t x = r + loose[t];
                    const int64_t next = x >= d.n ? x - d.n : x;
                    if (next != 0 && last[j] == i) {
                        open = true;
                        break;
                    }
                    if (d.kind == PromotionKind::BuyNPayM)  // price x units <= line gross
                        value.saving += line.price * (freeUnitsBelowTwoGroups(d, x) -
                                                      freeUnitsBelowTwoGroups(d, r));
                    else if (x >= d.n)  // the loose units complete a group
                        value.saving -= d.amount;
                    code = code - static_cast<uint64_t>(r) * stride[j] +
                           static_cast<uint64_t>(next) * stride[j];
                }
                if (open)
                    continue;
                const auto fresh = static_cast<int32_t>(s.nextCodes.size());
                const int32_t at = s.index.findOrInsert(code, fresh);
                const uint64_t link = (static_cast<uint64_t>(a) << 32) | static_cast<uint64_t>(sp);
                if (at == fresh) {
                    s.nextCodes.push_back(code);
                    s.nextValues.push_back(value);
                    s.back.push_back(link);
                } else if (value > s.nextValues[static_cast<size_t>(at)]) {
                    s.nextValues[static_cast<size_t>(at)] = value;
                    s.back[s.layerStart.back() + static_cast<size_t>(at)] = link;
                }
            }
        }
        std::swap(s.codes, s.nextCodes);
        std::swap(s.values, s.nextValues);
    }
    // Every deal is closed after its last line, so only the all-zero state remains; taking
    // nothing from every line always reaches it.
    auto it = std::find(s.codes.begin(), s.codes.end(), uint64_t{0});
    assert(it != s.codes.end());
    auto at = static_cast<size_t>(it - s.codes.begin());
    DealPlan plan;
    plan.value = s.values[at].saving;
    for (const DealLine& line : lines) {
        plan.start.push_back(plan.take.size());
        plan.take.resize(plan.take.size() + line.deals.size());
    }
    for (size_t i = lines.size(); i-- > 0;) {
        const uint64_t link = s.back[s.layerStart[i] + at];
        const size_t k = lines[i].deals.size();
        const int64_t* take = &s.splits[s.splitStart[i] + (link & 0xffffffffu) * k];
        std::copy(take, take + k, plan.take.begin() + static_cast<ptrdiff_t>(plan.start[i]));
        at = static_cast<size_t>(link >> 32);
    }
    return plan;
}

// Last resort for one deal when even its own DP is over budget (an enormous n, or the
// heuristic budget spent): the dearest units in whole groups, as many groups as maximise the
// value (possibly none).
DealPlan planGreedy(const Deal& deal, const std::vector<DealLine>& lines) {
    DealPlan plan;
    plan.take.assign(lines.size(), 0);
    Value value = 0;
    Value bestValue = 0;
    size_t bestLine = 0;
    int64_t bestTake = 0;  // units of lines[bestLine] in the best prefix
    int64_t r = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        int64_t left = lines[i].cap;
        int64_t taken = 0;
        while (left > 0) {
            int64_t k = std::min(left, deal.n - r);  // up to the next group boundary
            if (r == 0 && left >= deal.n)
                k = left - left % deal.n;  // whole groups at once: same value per group
            value += takeValue(deal, lines[i].price, lines[i].alt, r, k);
            r = (r + k) % deal.n;
            left -= k;
            taken += k;
            if (r == 0 && value > bestValue) {
                bestValue = value;
                bestLine = i;
                bestTake = taken;
            }
        }
    }
    if (bestValue > 0) {
        for (size_t i = 0; i < bestLine; ++i)
            plan.take[i] = lines[i].cap;
        plan.take[bestLine] = bestTake;
        plan.value = bestValue;
    }
    return plan;
}

// The heuristic for components too large for the exact DP (see above). `lines` holds every
// line of the component with its full capacity; the result has the exact DP's shape.
DealPlan planByAscent(const std::vector<Deal>& deals, const std::vector<DealLine>& lines,
                      int64_t& budget, DpScratch& scratch) {
    const size_t nd = deals.size();
    std::vector<std::vector<std::pair<size_t, size_t>>> where(nd);  // (line, t) per deal
    for (size_t i = 0; i < lines.size(); ++i)
        for (size_t t = 0; t < lines[i].deals.size(); ++t)
            where[static_cast<size_t>(lines[i].deals[t])].push_back({i, t});

    DealPlan plan;
    for (const DealLine& line : lines) {
        plan.start.push_back(plan.take.size());
        plan.take.resize(plan.take.size() + line.deals.size(), 0);
    }
    std::vector<int64_t> used(lines.size(), 0);
    std::vector<Value> dealValue(nd, 0);
    std::vector<DealLine> sub;  // lines of one deal; their `deals` stay empty (no allocation)

    std::vector<size_t> subOf;  // position in where[j] of each line in `sub`

    // Solves deal j alone on what the other deals leave (lines with units left only); returns
    // its value and its takes per entry of where[j].
    auto solveOne = [&](size_t j, std::vector<int64_t>& takes) -> Value {
        sub.clear();
        subOf.clear();
        for (size_t x = 0; x < where[j].size(); ++x) {
            const size_t i = where[j][x].first;
            if (lines[i].cap > used[i]) {
                sub.push_back(DealLine{lines[i].price, lines[i].cap - used[i], lines[i].alt, {}});
                subOf.push_back(x);
            }
        }
        std::optional<DealPlan> p;
        if (budget > 0) {
            int64_t allowed = std::min(budget, kSingleDealBudget);
            const int64_t before = allowed;
            p = planOneDeal(deals[j], sub, allowed, scratch);
            budget -= before - allowed;
        }
        if (!p)
            p = planGreedy(deals[j], sub);
        takes.assign(where[j].size(), 0);
        for (size_t y = 0; y < sub.size(); ++y)
            takes[subOf[y]] = p->take[y];
        return p->value;
    };
    auto place = [&](size_t j, const std::vector<int64_t>& takes, int sign) {
        for (size_t x = 0; x < where[j].size(); ++x) {
            auto [i, t] = where[j][x];
            used[i] += sign * takes[x];
            plan.at(i, t) = sign > 0 ? takes[x] : 0;
        }
    };

    // Deals in order of what each would save alone, estimated greedily (ties: id).
    std::vector<Value> standalone(nd);
    for (size_t j = 0; j < nd; ++j) {
        sub.clear();
        for (auto [i, t] : where[j])
            sub.push_back(DealLine{lines[i].price, lines[i].cap, lines[i].alt, {}});
        standalone[j] = planGreedy(deals[j], sub).value;
    }
    std::vector<size_t> order(nd);
    for (size_t j = 0; j < nd; ++j)
        order[j] = j;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return standalone[a] > standalone[b]; });
    std::vector<int64_t> takes;
    for (size_t j : order) {
        dealValue[j] = solveOne(j, takes);
        place(j, takes, +1);
    }
    // Coordinate ascent: re-solve each deal against the others' current choices.
    std::vector<int64_t> mine;
    for (int pass = 0; pass < kAscentPasses && budget > 0; ++pass) {
        bool improved = false;
        for (size_t j : order) {
            if (budget <= 0)
                break;
            mine.resize(where[j].size());
            for (size_t x = 0; x < where[j].size(); ++x)
                mine[x] = plan.at(where[j][x].first, where[j][x].second);
            place(j, mine, -1);
            const Value v = solveOne(j, takes);
            if (v > dealValue[j]) {
                dealValue[j] = v;
                place(j, takes, +1);
                improved = true;
            } else {
                place(j, mine, +1);
            }
        }
        if (!improved)
            break;
    }
    for (Value v : dealValue)
        plan.value += v;
    return plan;
}

// Discounts keyed by (cart line index, active promotion index): ordered by line, then id.
// Discount pieces as found, (cart line index, active promotion index, amount); sorted and
// summed per key at the end, which orders them by line, then promotion id.
using DiscountList = std::vector<std::tuple<size_t, size_t, int64_t>>;

// Buffers for turning deals into discounts, reused across deals and groups.
struct DealScratch {
    std::vector<std::pair<size_t, int64_t>> group;  // (promo line, units) of the open group
    std::vector<int64_t> weights, share;
    std::vector<Value> rest;
    std::vector<size_t> order;
};

// Splits `total` over `weights` in proportion into `share`, by largest remainder (ties:
// first), so the shares add up exactly; no share exceeds its weight when total <= sum.
void allocate(int64_t total, const std::vector<int64_t>& weights, std::vector<int64_t>& share,
              DealScratch& s) {
    Value sum = 0;
    for (int64_t w : weights)
        sum += w;
    share.assign(weights.size(), 0);
    if (sum == 0)
        return;
    s.rest.resize(weights.size());
    int64_t given = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
        const Value exact = static_cast<Value>(total) * weights[i];
        share[i] = static_cast<int64_t>(exact / sum);
        s.rest[i] = exact % sum;
        given += share[i];
    }
    s.order.resize(weights.size());
    for (size_t i = 0; i < s.order.size(); ++i)
        s.order[i] = i;
    std::stable_sort(s.order.begin(), s.order.end(),
                     [&](size_t a, size_t b) { return s.rest[a] > s.rest[b]; });
    for (size_t i = 0; given < total && i < s.order.size(); ++i, ++given)
        ++share[s.order[i]];
}

// Turns the units a deal takes (in processing order) into discounts: consecutive groups of n,
// each group's saving spread over the lines it draws from so each tax class gets its share.
void applyDeal(const Promotion& promo, size_t promoIndex,
               const std::vector<std::pair<size_t, int64_t>>& runs, std::vector<PromoLine>& lines,
               DiscountList& discounts, DealScratch& s) {
    const Deal d = dealOf(promo);
    auto groupSaving = [&](const std::vector<std::pair<size_t, int64_t>>& group) {
        int64_t saving = 0;
        int64_t pos = 0;
        for (auto [li, count] : group) {
            const int64_t price = lines[li].price;
            if (d.kind == PromotionKind::BuyNPayM)
                saving += price * (freeUnits(d, pos + count) - freeUnits(d, pos));
            else
                saving += price * count;
            pos += count;
        }
        return d.kind == PromotionKind::BuyNPayM ? saving : saving - d.amount;
    };
    s.group.clear();
    int64_t inGroup = 0;
    for (auto [li, count] : runs) {
        PromoLine& line = lines[li];
        int64_t left = count;
        while (left > 0) {
            if (inGroup == 0 && left >= d.n) {
                // Whole groups from this line alone: the saving is all this line's.
                const int64_t groups = left / d.n;
                const int64_t per = d.kind == PromotionKind::BuyNPayM
                                        ? line.price * (d.n - d.m)
                                        : line.price * d.n - d.amount;  // <= line gross
                if (per <= 0)
                    return;  // later groups are no dearer: none of them would save
                discounts.emplace_back(line.line, promoIndex, per * groups);
                line.used += groups * d.n;
                left -= groups * d.n;
                continue;
            }
            const int64_t k = std::min(left, d.n - inGroup);
            s.group.push_back({li, k});
            inGroup += k;
            left -= k;
            if (inGroup < d.n)
                continue;
            const int64_t saving = groupSaving(s.group);
            if (saving <= 0)
                return;
            s.weights.clear();
            for (auto [gi, units] : s.group)
                s.weights.push_back(lines[gi].price * units);
            allocate(saving, s.weights, s.share, s);
            for (size_t x = 0; x < s.group.size(); ++x) {
                PromoLine& gl = lines[s.group[x].first];
                gl.used += s.group[x].second;
                if (s.share[x] > 0)
                    discounts.emplace_back(gl.line, promoIndex, s.share[x]);
            }
            s.group.clear();
            inGroup = 0;
        }
    }
    // A partial group left over is no deal: its units stay free for per-unit promotions.
}

// Saving of a per-unit promotion on one unit of a line.
int64_t perUnitSaving(const Promotion& p, const PricedLine& pl, bool weighed) {
    const int64_t price = weighed ? pl.gross : pl.unitPrice;
    if (p.kind == PromotionKind::PercentOff)
        return *mulDivRound(price, p.percent, kPercentOne);  // <= price, cannot overflow
    int64_t off = p.amount;
    if (weighed) {
        auto prorated = mulDivRound(p.amount, pl.weightGrams, 1000);
        off = prorated ? *prorated : price;
    }
    return std::min(off, price);
}

// Fills discounts on the priced lines and the cart's discount list and total.
Result<void> applyPromotions(const Cart& cart, const std::vector<Promotion>& all, Timestamp now,
                             PricedCart& priced) {
    std::vector<const Promotion*> active;
    for (const Promotion& p : all)
        if (isActive(p, now))
            active.push_back(&p);
    if (active.empty())
        return {};
    std::sort(active.begin(), active.end(), promotionBefore);

    // The promotions covering each line, ascending: the promotions' products are looked up
    // among the cart's (a cart has far fewer products than the promotions list) in a small
    // open-addressing table keyed by product id; same-product lines chain through `nextLine`.
    const size_t lineCount = cart.lines().size();
    size_t tableSize = 16;
    while (tableSize < lineCount * 2)
        tableSize *= 2;
    constexpr size_t kNone = ~size_t{0};
    std::vector<size_t> table(tableSize, kNone);  // first line of a product
    std::vector<size_t> nextLine(lineCount, kNone);
    auto slotOf = [&](int64_t id) {
        size_t h = static_cast<size_t>(static_cast<uint64_t>(id) * 0x9e3779b97f4a7c15ULL >> 20);
        while (table[h & (tableSize - 1)] != kNone &&
               cart.lines()[table[h & (tableSize - 1)]].product.id != id)
            ++h;
        return h & (tableSize - 1);
    };
    for (size_t i = lineCount; i-- > 0;) {
        const CartLine& cl = cart.lines()[i];
        if (cl.priceOverride)
            continue;
        const size_t slot = slotOf(cl.product.id);
        nextLine[i] = table[slot];
        table[slot] = i;
    }
    // (line, promotion) pairs in promotion order, then grouped by line (counting sort, which
    // keeps each line's promotions ascending).
    std::vector<std::pair<size_t, int>> pairs;
    std::vector<size_t> coverStart(lineCount + 1, 0);
    for (size_t pi = 0; pi < active.size(); ++pi)
        for (int64_t id : active[pi]->productIds)
            for (size_t i = table[slotOf(id)]; i != kNone; i = nextLine[i]) {
                pairs.push_back({i, static_cast<int>(pi)});
                ++coverStart[i + 1];
            }
    for (size_t i = 0; i < lineCount; ++i)
        coverStart[i + 1] += coverStart[i];
    std::vector<int> covering(pairs.size());
    {
        std::vector<size_t> fill(coverStart.begin(), coverStart.end() - 1);
        for (auto [i, pi] : pairs)
            covering[fill[i]++] = pi;
    }

    std::vector<int> dealPool;  // every line's deals, back to back; spans point into it
    dealPool.reserve(covering.size());
    std::vector<std::pair<size_t, size_t>> dealRange;  // per entry of `lines`, into dealPool
    std::vector<PromoLine> lines;
    for (size_t i = 0; i < lineCount; ++i) {
        if (coverStart[i] == coverStart[i + 1])
            continue;
        const CartLine& cl = cart.lines()[i];
        const PricedLine& pl = priced.lines[i];
        const bool weighed = cl.product.unit == SaleUnit::Weight;
        PromoLine line;
        line.line = i;
        line.price = weighed ? pl.gross : pl.unitPrice;
        line.units = weighed ? 1 : pl.quantity;
        const size_t firstDeal = dealPool.size();
        for (size_t x = coverStart[i]; x < coverStart[i + 1]; ++x) {
            const int pi = covering[x];
            if (x > coverStart[i] && covering[x - 1] == pi)
                continue;  // the promotion lists the product twice
            const Promotion& p = *active[static_cast<size_t>(pi)];
            if (isDeal(p.kind)) {
                if (!weighed)
                    dealPool.push_back(pi);
                continue;
            }
            const int64_t saving = perUnitSaving(p, pl, weighed);
            if (saving > line.alt) {  // strict: ties keep the lower id
                line.alt = saving;
                line.altPromo = pi;
            }
        }
        if (line.altPromo >= 0 || dealPool.size() > firstDeal) {
            lines.push_back(line);
            dealRange.push_back({firstDeal, dealPool.size() - firstDeal});
        }
    }
    for (size_t li = 0; li < lines.size(); ++li)  // the pool is complete: spans stay valid
        lines[li].deals =
            std::span<const int>(dealPool.data() + dealRange[li].first, dealRange[li].second);
    // Processing order: dearest unit first, then cart order (the order deals group units in).
    std::stable_sort(lines.begin(), lines.end(),
                     [](const PromoLine& a, const PromoLine& b) { return a.price > b.price; });

    // Components of deals linked by shared lines (union-find).
    std::vector<int> parent(active.size());
    for (size_t i = 0; i < parent.size(); ++i)
        parent[i] = static_cast<int>(i);
    auto root = [&](int x) {
        while (parent[static_cast<size_t>(x)] != x) {
            const int up = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
            parent[static_cast<size_t>(x)] = up;  // path halving
            x = up;
        }
        return x;
    };
    for (const PromoLine& line : lines)
        for (size_t t = 1; t < line.deals.size(); ++t) {
            const int a = root(line.deals[0]);
            const int b = root(line.deals[t]);
            parent[static_cast<size_t>(std::max(a, b))] = std::min(a, b);
        }

    // Each component's lines, in processing order, by its root (the lowest deal index).
    std::vector<std::vector<size_t>> componentLines(active.size());
    for (size_t li = 0; li < lines.size(); ++li)
        if (!lines[li].deals.empty())
            componentLines[static_cast<size_t>(root(lines[li].deals[0]))].push_back(li);

    DiscountList discounts;
    DpScratch scratch;
    DealScratch dealScratch;
    Budget budget{kExactBudget, kHeuristicBudget};
    std::vector<int> local(active.size(), -1);  // active index -> deal index in component
    std::vector<Deal> deals;
    std::vector<size_t> dealPromo;
    std::vector<int> localPool;  // the component lines' local deal indices, back to back
    std::vector<DealLine> dealLines;
    std::vector<std::vector<std::pair<size_t, int64_t>>> runs;
    // Components in order of their lowest promotion index, so the budget is spent
    // deterministically.
    for (size_t c = 0; c < active.size(); ++c) {
        if (componentLines[c].empty())
            continue;
        deals.clear();
        dealPromo.clear();
        for (size_t j = c; j < active.size(); ++j)
            if (isDeal(active[j]->kind) && root(static_cast<int>(j)) == static_cast<int>(c)) {
                local[j] = static_cast<int>(deals.size());
                deals.push_back(dealOf(*active[j]));
                dealPromo.push_back(j);
            }
        const std::vector<size_t>& lineOf = componentLines[c];  // index into `lines`
        localPool.clear();
        for (size_t li : lineOf)
            for (int pi : lines[li].deals)
                localPool.push_back(local[static_cast<size_t>(pi)]);
        dealLines.clear();
        size_t at = 0;
        for (size_t li : lineOf) {  // the pool is complete: spans stay valid
            const PromoLine& line = lines[li];
            dealLines.push_back(
                DealLine{line.price, line.units, line.alt,
                         std::span<const int>(localPool.data() + at, line.deals.size())});
            at += line.deals.size();
        }
        std::optional<DealPlan> plan;
        if (estimateWork(deals, dealLines, 2 * budget.exact, scratch) <= 2 * budget.exact)
            plan = planDeals(deals, dealLines, budget.exact, scratch);
        if (!plan)
            plan = planByAscent(deals, dealLines, budget.heuristic, scratch);
        if (runs.size() < deals.size())
            runs.resize(deals.size());
        for (size_t j = 0; j < deals.size(); ++j)
            runs[j].clear();
        for (size_t i = 0; i < dealLines.size(); ++i)
            for (size_t t = 0; t < dealLines[i].deals.size(); ++t)
                if (plan->at(i, t) > 0)
                    runs[static_cast<size_t>(dealLines[i].deals[t])].push_back(
                        {lineOf[i], plan->at(i, t)});
        for (size_t j = 0; j < deals.size(); ++j) {
            applyDeal(*active[dealPromo[j]], dealPromo[j], runs[j], lines, discounts, dealScratch);
            local[dealPromo[j]] = -1;
        }
    }
    for (PromoLine& line : lines) {
        const int64_t rest = line.units - line.used;
        if (line.altPromo >= 0 && rest > 0)
            discounts.emplace_back(line.line, static_cast<size_t>(line.altPromo), rest * line.alt);
    }

    std::sort(discounts.begin(), discounts.end());
    priced.discounts.reserve(discounts.size());
    for (size_t x = 0; x < discounts.size();) {
        const auto [line, promo, first] = discounts[x];
        int64_t amount = 0;  // pieces of one line sum to at most its gross: no overflow
        for (; x < discounts.size() && std::get<0>(discounts[x]) == line &&
               std::get<1>(discounts[x]) == promo;
             ++x)
            amount += std::get<2>(discounts[x]);
        if (amount <= 0)
            continue;
        PricedLine& pl = priced.lines[line];
        const Promotion& p = *active[promo];
        pl.discount += amount;
        priced.discounts.push_back(AppliedDiscount{p.id, p.label, pl.lineId, amount});
    }
    for (PricedLine& pl : priced.lines) {
        // Each unit is used once and no promotion saves more than the units it takes cost.
        if (pl.discount > pl.gross)
            return makeError(ErrorCode::Internal,
                             "discounts exceed line " + std::to_string(pl.lineId));
        pl.net = pl.gross - pl.discount;
        priced.discountTotal += pl.discount;  // <= subtotal, which fits
    }
    return {};
}

// An attendant's percentage comes off what the line costs after promotions (the shopper never
// gets the percentage of a saving already given), rounded half up to a whole minor unit and
// never more than the line's net, so no line and no total goes below zero.
// Listed after the line's promotion discounts (in the order it was applied), so the discount
// list stays ordered by line.
void applyAttendantDiscounts(const Cart& cart, PricedCart& priced) {
    std::vector<AppliedDiscount> merged;
    size_t next = 0;  // into priced.discounts, which is ordered by line
    for (PricedLine& pl : priced.lines) {
        for (; next < priced.discounts.size() && priced.discounts[next].lineId == pl.lineId; ++next)
            merged.push_back(std::move(priced.discounts[next]));
        const CartLine* cl = cart.find(pl.lineId);
        if (!cl || cl->discountPercent <= 0 || pl.net <= 0)
            continue;
        const int64_t percent = std::min<int64_t>(cl->discountPercent, 100);
        const __int128 scaled = static_cast<__int128>(pl.net) * percent + 50;
        const int64_t amount = std::min<int64_t>(pl.net, static_cast<int64_t>(scaled / 100));
        if (amount <= 0)
            continue;
        pl.discount += amount;  // still <= gross: net was gross - discount
        pl.net -= amount;
        priced.discountTotal += amount;  // still <= subtotal
        merged.push_back(
            AppliedDiscount{0, fmt::format("Discount {}%", percent), pl.lineId, amount});
    }
    for (; next < priced.discounts.size(); ++next)
        merged.push_back(std::move(priced.discounts[next]));
    priced.discounts = std::move(merged);
}

}  // namespace

Result<PricedCart> priceCart(const Cart& cart, const PricingRules& rules, Timestamp now) {
    PricedCart priced;
    priced.currency = rules.currency;
    priced.taxMode = rules.tax.mode;
    priced.lines.reserve(cart.lines().size());
    for (const CartLine& line : cart.lines()) {
        auto pl = priceLine(line);
        if (!pl)
            return pl.error();
        auto subtotal = checkedAdd(priced.subtotal, pl->gross);
        if (!subtotal)
            return overflow("subtotal");
        priced.subtotal = *subtotal;
        pl->net = pl->gross;
        priced.lines.push_back(std::move(*pl));
    }
    if (auto r = applyPromotions(cart, rules.promotions, now, priced); !r)
        return r.error();
    applyAttendantDiscounts(cart, priced);
    if (auto r = applyTax(cart, rules.tax, priced); !r)
        return r.error();
    return priced;
}

int64_t cashRounded(int64_t amount, const CashRounding& rounding) {
    const int64_t inc = rounding.increment;
    if (inc <= 0)
        return amount;
    // floor((2a + inc) / (2 inc)) * inc is exact half up, for odd increments and negatives too.
    const __int128 twice = static_cast<__int128>(amount) * 2 + inc;
    const __int128 den = static_cast<__int128>(inc) * 2;
    __int128 q = twice / den;
    if (twice % den != 0 && twice < 0)
        --q;  // C++ divides toward zero; we want floor
    __int128 r = q * inc;
    // Near the int64 limits the rounded amount may not fit: round the other way instead.
    if (r > std::numeric_limits<int64_t>::max())
        r -= inc;
    if (r < std::numeric_limits<int64_t>::min())
        r += inc;
    return static_cast<int64_t>(r);
}

}  // namespace kiosk
