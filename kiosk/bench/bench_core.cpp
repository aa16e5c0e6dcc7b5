// kasir-bench-core: measures the core's speed targets and prints the figures, each next to a
// baseline measured in the same run (lookup at 1k vs 1M products, fsync latency, no promotions).
#include <fcntl.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "kiosk/core/cart.hpp"
#include "kiosk/core/gtin.hpp"
#include "kiosk/core/pricing.hpp"
#include "kiosk/core/sale.hpp"
#include "kiosk/storage/io_probe.hpp"
#include "kiosk/storage/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double micros(Clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count();
}

struct Stats {
    double p50 = 0, p90 = 0, p99 = 0, max = 0;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
        return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
    };
    return {at(0.50), at(0.90), at(0.99), v.back()};
}

// A valid GTIN-13 for product number i (prefix 899, Indonesia's GS1 prefix).
std::string gtinFor(int64_t i) {
    char body[13];
    std::snprintf(body, sizeof body, "899%09lld", static_cast<long long>(i));
    std::string code(body);
    code += static_cast<char>('0' + kiosk::gtinCheckDigit(code));
    return *kiosk::normalizeGtin14(code);
}

kiosk::Product makeProduct(int64_t i) {
    kiosk::Product p;
    p.gtin = gtinFor(i);
    p.barcodes = {p.gtin};
    p.names["en"] = "Product " + std::to_string(i);
    p.price = 1000 + (i * 37) % 90000;
    p.taxClass = "PPN";
    return p;
}

int fail(const kiosk::Error& e) {
    std::fprintf(stderr, "kasir-bench-core: %s\n", e.message.c_str());
    return 1;
}

std::unique_ptr<kiosk::storage::Store> openStore(const fs::path& path, int64_t products,
                                                 const char* label, bool probeIo = false) {
    kiosk::storage::StoreOptions options;
    options.probeIo = probeIo;
    auto store = kiosk::storage::Store::open(path.string(), options);
    if (!store) {
        fail(store.error());
        return nullptr;
    }
    auto& s = **store;
    if (!s.upsertTaxClass({"PPN", "PPN 11%", 110'000}))
        return nullptr;
    const auto t0 = Clock::now();
    auto r = s.transaction([&]() -> kiosk::Result<void> {
        for (int64_t i = 0; i < products; ++i) {
            auto id = s.upsertProduct(makeProduct(i));
            if (!id)
                return id.error();
        }
        return {};
    });
    if (!r) {
        fail(r.error());
        return nullptr;
    }
    std::printf("  built %s catalogue in %.1f s\n", label,
                std::chrono::duration<double>(Clock::now() - t0).count());
    return std::move(*store);
}

Stats benchLookups(kiosk::storage::Store& store, int64_t products, int lookups) {
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<int64_t> pick(0, products - 1);
    std::vector<std::string> codes;
    codes.reserve(static_cast<size_t>(lookups));
    for (int i = 0; i < lookups; ++i)
        codes.push_back(gtinFor(pick(rng)));
    for (int i = 0; i < std::min(lookups, 1000); ++i)
        (void)store.productByBarcode(codes[static_cast<size_t>(i)]);
    std::vector<double> t;
    t.reserve(codes.size());
    int found = 0;
    for (const auto& c : codes) {
        const auto a = Clock::now();
        auto p = store.productByBarcode(c);
        t.push_back(micros(Clock::now() - a));
        found += (p && p->has_value()) ? 1 : 0;
    }
    if (found != lookups)
        std::printf("  WARNING: %d of %d codes not found\n", lookups - found, lookups);
    return stats(std::move(t));
}

// Median latency of a 4 KiB write + fdatasync on the same file system: the disk's floor.
double fsyncBaseline(const fs::path& dir, int rounds) {
    const auto file = dir / "fsync-baseline.bin";
    const int fd = ::open(file.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    std::vector<char> block(4096, 'k');
    std::vector<double> t;
    for (int i = 0; i < rounds; ++i) {
        const auto a = Clock::now();
        if (::pwrite(fd, block.data(), block.size(), static_cast<off_t>(i % 16) * 4096) < 0)
            break;
        ::fdatasync(fd);
        t.push_back(micros(Clock::now() - a));
    }
    ::close(fd);
    fs::remove(file);
    return t.empty() ? -1 : stats(t).p50;
}

kiosk::PricingRules rules(int promotions, int64_t distinctProducts) {
    kiosk::PricingRules r;
    r.currency = kiosk::currencyIdr();
    r.tax.mode = kiosk::TaxMode::Inclusive;
    r.tax.classes = {{"PPN", "PPN 11%", 110'000}};
    for (int i = 0; i < promotions; ++i) {
        kiosk::Promotion p;
        p.id = i + 1;
        p.label = "Promo " + std::to_string(i + 1);
        p.kind = static_cast<kiosk::PromotionKind>(i % 4);
        p.n = 2 + i % 2;
        p.m = p.n - 1;
        p.amount = p.kind == kiosk::PromotionKind::NForPrice ? 5000 : 300;
        p.percent = 1000;
        // Overlapping groups of 4 products, so promotions compete for units.
        for (int k = 0; k < 4; ++k)
            p.productIds.push_back(1 + (i * 3 + k) % distinctProducts);
        r.promotions.push_back(p);
    }
    return r;
}

// `lines` distinct products (ids 1..lines), 1 to 3 units each.
kiosk::Cart bigCart(int lines) {
    kiosk::Cart cart;
    for (int i = 0; i < lines; ++i) {
        kiosk::Product p = makeProduct(i);
        p.id = 1 + i;
        (void)cart.addUnits(p, p.gtin, 1 + i % 3);
    }
    return cart;
}

Stats benchPricing(const kiosk::Cart& cart, const kiosk::PricingRules& r, int rounds,
                   int64_t* total) {
    std::vector<double> t;
    t.reserve(static_cast<size_t>(rounds));
    for (int i = 0; i < rounds; ++i) {
        const auto a = Clock::now();
        auto priced = kiosk::priceCart(cart, r, 0);
        t.push_back(micros(Clock::now() - a));
        if (priced)
            *total = priced->total;
    }
    return stats(std::move(t));
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kasir-bench-core: speed of barcode lookup, sale completion and pricing"};
    int64_t products = 1'000'000;
    int lookups = 200'000;
    int sales = 300;
    std::string dir;
    app.add_option("--products", products, "products in the large catalogue")
        ->capture_default_str();
    app.add_option("--lookups", lookups, "random barcode lookups per catalogue")
        ->capture_default_str();
    app.add_option("--sales", sales, "20-line sales to complete")->capture_default_str();
    app.add_option("--dir", dir, "directory for the databases (default: a new one in /var/tmp)");
    CLI11_PARSE(app, argc, argv);

    if (dir.empty()) {
        char tmpl[] = "/var/tmp/kasir-bench-XXXXXX";
        if (!::mkdtemp(tmpl)) {
            std::perror("mkdtemp");
            return 1;
        }
        dir = tmpl;
    }
    fs::create_directories(dir);
    std::printf("kasir-bench-core: databases in %s\n\n", dir.c_str());

    // 1. Barcode lookup.
    std::printf("== Barcode lookup (Store::productByBarcode, warm cache, %d random codes)\n",
                lookups);
    auto small = openStore(fs::path(dir) / "lookup-1k.db", 1000, "1,000-product");
    auto large = openStore(fs::path(dir) / "lookup-1m.db", products, "large");
    if (!small || !large)
        return 1;
    const Stats s1 = benchLookups(*small, 1000, lookups);
    const Stats s2 = benchLookups(*large, products, lookups);
    std::printf("  1,000 products:     p50 %6.2f us  p99 %6.2f us  max %8.1f us\n", s1.p50, s1.p99,
                s1.max);
    std::printf(
        "  %lld products: p50 %6.2f us  p99 %6.2f us  max %8.1f us   (target p99 < 50 us: %s)\n",
        static_cast<long long>(products), s2.p50, s2.p99, s2.max, s2.p99 < 50 ? "MET" : "MISSED");
    std::printf("  ratio large/1k p99: %.2fx\n\n", s2.p99 / s1.p99);
    small.reset();
    large.reset();

    // 2. Completing a 20-line sale.
    std::printf("== Completing a 20-line sale (synchronous=FULL, %d sales)\n", sales);
    {
        auto store = openStore(fs::path(dir) / "sales.db", 100, "100-product", true);
        if (!store)
            return 1;
        kiosk::PricingRules r = rules(0, 20);
        std::vector<double> t;
        kiosk::storage::resetIoCounts();
        for (int i = 0; i < sales; ++i) {
            kiosk::Cart cart;
            for (int k = 0; k < 20; ++k) {
                auto p = store->productByBarcode(gtinFor((i + k) % 100));
                if (!p || !p->has_value())
                    return fail(kiosk::makeError(kiosk::ErrorCode::NotFound, "product"));
                (void)cart.addUnits(**p, (**p).gtin, 1 + k % 2);
            }
            auto priced = kiosk::priceCart(cart, r, 0);
            if (!priced)
                return fail(priced.error());
            kiosk::SaleRecord sale = kiosk::makeSaleRecord(cart, *priced, "id");
            sale.saleUuid = "bench-" + std::to_string(i);
            sale.storeId = "S1";
            sale.kioskId = "K1";
            sale.tenders.push_back({"card",
                                    priced->total,
                                    "VISA",
                                    "411111******1111",
                                    "Contactless",
                                    "123456",
                                    "T" + std::to_string(i),
                                    "R1",
                                    {}});
            const auto a = Clock::now();
            auto done = store->completeSale(sale);
            t.push_back(micros(Clock::now() - a));
            if (!done)
                return fail(done.error());
        }
        const kiosk::storage::IoCounts io = kiosk::storage::ioCounts();
        const auto syncs = io.syncs;
        const double floor = fsyncBaseline(dir, 200);
        const Stats s = stats(t);
        std::printf(
            "  completeSale: p50 %7.0f us  p90 %7.0f us  max %7.0f us   (target median < 10 ms: "
            "%s)\n",
            s.p50, s.p90, s.max, s.p50 < 10'000 ? "MET" : "MISSED");
        std::printf("  fsyncs per sale: %.2f (WAL %.2f, database file %.2f, other %.2f)\n",
                    static_cast<double>(syncs) / sales, static_cast<double>(io.walSyncs) / sales,
                    static_cast<double>(io.dbSyncs) / sales,
                    static_cast<double>(io.otherSyncs) / sales);
        std::printf("  disk floor (4 KiB write + fdatasync): p50 %.0f us\n", floor);
        std::printf("  ratio sale/fsync-floor: %.2fx\n\n", floor > 0 ? s.p50 / floor : 0.0);
    }

    // 3. Pricing.
    std::printf("== Pricing a 200-line cart\n");
    {
        const kiosk::Cart cart = bigCart(200);
        int64_t totalPlain = 0, totalPromo = 0;
        const Stats plain = benchPricing(cart, rules(0, 200), 2000, &totalPlain);
        const Stats promo = benchPricing(cart, rules(50, 200), 2000, &totalPromo);
        std::printf("  no promotions:  p50 %7.1f us  p99 %7.1f us\n", plain.p50, plain.p99);
        std::printf("  50 promotions:  p50 %7.1f us  p99 %7.1f us   (target < 1 ms: %s)\n",
                    promo.p50, promo.p99, promo.p99 < 1000 ? "MET" : "MISSED");
        std::printf(
            "  ratio with/without promotions p50: %.2fx; shopper saves Rp %lld of Rp %lld\n",
            promo.p50 / plain.p50, static_cast<long long>(totalPlain - totalPromo),
            static_cast<long long>(totalPlain));

        // The adversarial shape: 50 multi-buys all over the same 200 products, one conflicting
        // component, so the exact search runs out of budget and the heuristic decides.
        kiosk::PricingRules worst = rules(0, 200);
        for (int i = 0; i < 50; ++i) {
            kiosk::Promotion p;
            p.id = i + 1;
            p.label = "Multi-buy " + std::to_string(i + 1);
            p.kind = i % 2 == 0 ? kiosk::PromotionKind::BuyNPayM : kiosk::PromotionKind::NForPrice;
            p.n = 2 + i % 4;
            p.m = p.n - 1;
            p.amount = 20'000 * p.n;
            for (int64_t id = 1; id <= 200; ++id)
                p.productIds.push_back(id);
            worst.promotions.push_back(p);
        }
        int64_t totalWorst = 0;
        const Stats w = benchPricing(cart, worst, 500, &totalWorst);
        std::printf(
            "  50 multi-buys over all 200 products (worst case): p50 %7.1f us  p99 %7.1f us"
            "   (target < 1 ms: %s)\n",
            w.p50, w.p99, w.p99 < 1000 ? "MET" : "MISSED");
    }
    fs::remove_all(dir);
    return 0;
}
