// Shared helpers of the storage tests: temporary directories and mounts, a small catalogue,
// sales built field by field, and byte-for-byte snapshots of files that must not change.
#pragma once

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kiosk/core/gtin.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::storage::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at the end.
class TempDir {
  public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/kasir-store-XXXXXX";
        if (!::mkdtemp(pattern.data())) {
            ADD_FAILURE() << "mkdtemp failed: " << std::strerror(errno);
        }
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

// A tmpfs mounted on a fresh directory for the test's life: a real, small file system that
// can be filled up or made read-only. Needs CAP_SYS_ADMIN; `error()` says why when it failed.
class TmpfsMount {
  public:
    explicit TmpfsMount(const std::string& options) {
        const std::string source = "kasir-test";
        if (::mount(source.c_str(), dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
                    options.c_str()) != 0) {
            error_ = std::string("mount -t tmpfs failed: ") + std::strerror(errno);
            return;
        }
        mounted_ = true;
    }
    ~TmpfsMount() {
        if (mounted_)
            ::umount2(dir_.path().c_str(), MNT_DETACH);
    }
    bool mounted() const { return mounted_; }
    const std::string& error() const { return error_; }
    const std::string& path() const { return dir_.path(); }
    std::string file(const std::string& name) const { return dir_.file(name); }
    bool remountReadOnly() {
        return ::mount(nullptr, dir_.path().c_str(), nullptr,
                       MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, nullptr) == 0;
    }

  private:
    TempDir dir_;
    bool mounted_ = false;
    std::string error_;
};

// A valid GTIN-14 made from a number (an Indonesian 899 EAN-13, zero-padded).
inline std::string gtinFor(int64_t n) {
    std::string body = std::to_string(899'000'000'000 + n);  // 12 digits, prefix 899
    return "0" + body + std::to_string(gtinCheckDigit(body));
}

inline Product makeProduct(int64_t n, int64_t price = 10'000) {
    Product p;
    p.gtin = gtinFor(n);
    p.barcodes = {p.gtin};
    p.names = {{"en", "Product " + std::to_string(n)}, {"id", "Produk " + std::to_string(n)}};
    p.price = price;
    p.taxClass = "PPN";
    p.category = "grocery";
    return p;
}

inline std::unique_ptr<Store> openStore(const std::string& path,
                                        StoreOptions options = StoreOptions{}) {
    auto store = Store::open(path, options);
    if (!store) {
        ADD_FAILURE() << "open " << path << ": " << store.error().message;
        return nullptr;
    }
    return std::move(*store);
}

// A catalogue of `count` products sold by unit (ids 1..count, in order), plus product
// count+1 sold by weight, with PPN 11%. Returns the product ids.
inline std::vector<int64_t> seedCatalogue(Store& store, int count) {
    EXPECT_TRUE(store.upsertTaxClass(TaxClass{"PPN", "PPN 11%", 110'000}).ok());
    std::vector<int64_t> ids;
    for (int i = 1; i <= count; ++i) {
        auto id = store.upsertProduct(makeProduct(i, 1'000 * i));
        EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
        if (id.ok())
            ids.push_back(*id);
    }
    Product bananas;
    bananas.plu = "4011";
    bananas.names = {{"en", "Bananas"}, {"id", "Pisang"}};
    bananas.unit = SaleUnit::Weight;
    bananas.price = 25'000;  // per kg
    bananas.taxClass = "PPN";
    auto id = store.upsertProduct(bananas);
    EXPECT_TRUE(id.ok());
    if (id.ok())
        ids.push_back(*id);
    return ids;
}

// A sale of the given products (one unit each, quantity i+1 for line i when `varied`),
// with one discount, a tax line and a card tender, as completeSale expects it.
inline SaleRecord makeSale(const std::string& uuid, const std::vector<Product>& products,
                           const std::string& storeId = "S1", const std::string& kioskId = "K1",
                           Timestamp endedAt = 1'700'000'000'000) {
    SaleRecord sale;
    sale.saleUuid = uuid;
    sale.storeId = storeId;
    sale.kioskId = kioskId;
    sale.startedAt = endedAt - 60'000;
    sale.endedAt = endedAt;
    sale.currency = currencyIdr();
    sale.language = "id";
    int64_t lineId = 1;
    for (const Product& p : products) {
        SaleLine line;
        line.lineId = lineId++;
        line.productId = p.id;
        line.code = p.gtin.empty() ? p.plu : p.gtin;
        line.name = p.nameFor("id");
        if (p.unit == SaleUnit::Weight) {
            line.weightGrams = 1'250;
            line.unitPrice = p.price;
            line.gross = p.price * 1'250 / 1'000;
        } else {
            line.quantity = line.lineId;
            line.unitPrice = p.price;
            line.gross = p.price * line.quantity;
        }
        line.net = line.gross;
        line.taxClass = "PPN";
        line.tax = line.gross * 11 / 111;
        sale.lines.push_back(line);
        sale.subtotal += line.gross;
        sale.taxTotal += line.tax;
    }
    if (!sale.lines.empty()) {
        sale.discounts.push_back(AppliedDiscount{7, "3 for 2", sale.lines.front().lineId, 100});
        sale.lines.front().discount = 100;
        sale.lines.front().net -= 100;
        sale.discountTotal = 100;
    }
    sale.total = sale.subtotal - sale.discountTotal;
    sale.taxes.push_back(
        TaxLine{"PPN", "PPN 11%", 110'000, sale.total - sale.taxTotal, sale.taxTotal, sale.total});
    Tender card;
    card.method = "card";
    card.amount = sale.total;
    card.brand = "VISA";
    card.maskedPan = "************1234";
    card.entryMode = "contactless";
    card.approvalCode = "A1B2C3";
    card.terminalTransactionId = "T-" + uuid;
    card.reconciliationId = "R-42";
    card.receiptLines = {"VISA CONTACTLESS", "**** 1234", "APPROVED A1B2C3"};
    sale.tenders.push_back(card);
    return sale;
}

// Everything that identifies a file's state: bytes, size, modification time.
struct FileSnapshot {
    bool exists = false;
    std::string bytes;
    int64_t mtimeNs = 0;
    friend bool operator==(const FileSnapshot&, const FileSnapshot&) = default;
};

inline FileSnapshot snapshotFile(const std::string& path) {
    FileSnapshot s;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return s;
    s.exists = true;
    s.mtimeNs = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
    std::ifstream in(path, std::ios::binary);
    s.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return s;
}

// Every file of a directory: a failed open must not leave -wal, -shm or a new file behind.
inline std::map<std::string, FileSnapshot> snapshotDir(const std::string& dir) {
    std::map<std::string, FileSnapshot> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        out[entry.path().filename().string()] = snapshotFile(entry.path().string());
    }
    return out;
}

inline void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

}  // namespace kiosk::storage::testing
