// The sale journal: completing a sale in one transaction (receipt number, hash chain, rows,
// stock moves, open cart), reading sales back, and verifying the chain.
#include <algorithm>
#include <cassert>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/money.hpp"
#include "kiosk/storage/sqlite_store.hpp"
#include "kiosk/storage/valid_utf8.hpp"

namespace kiosk::storage {
namespace {

const char* taxModeName(TaxMode mode) {
    return mode == TaxMode::Exclusive ? "exclusive" : "inclusive";
}

// completeSale made the lines valid UTF-8 before hashing them, so `replace` never replaces
// anything here; it only keeps dump() from throwing.
std::string receiptLinesToJson(const std::vector<std::string>& lines) {
    return nlohmann::json(lines).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::vector<std::string>> receiptLinesFromJson(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_array())
        return std::nullopt;
    std::vector<std::string> lines;
    for (const auto& line : j) {
        if (!line.is_string())
            return std::nullopt;
        lines.push_back(line.get<std::string>());
    }
    return lines;
}

// Makes every text field of the sale valid UTF-8 (invalid bytes become U+FFFD), so the text
// the hash covers is byte for byte the text stored and read back. Left as they were, a
// terminal's Latin-1 receipt line came back from its JSON column repaired while the hash was
// over the raw bytes: the untouched sale failed verifyJournal. Repairing rather than keeping
// the bytes (say as a BLOB): the lines are shown and printed as text, where a U+FFFD is what
// any reader would make of a stray byte, and the journal stays plain text for the back office.
// The currency code is left alone: three fixed bytes, stored and read back as they are.
// Every std::string of SaleRecord and its parts (kiosk/core/sale.hpp) is listed here; a new
// text field must be added too. The ids are keys and are refused instead (see completeSale).
void repairSaleText(SaleRecord& sale) {
    repairUtf8(sale.language);
    for (SaleLine& l : sale.lines) {
        repairUtf8(l.code);
        repairUtf8(l.name);
        repairUtf8(l.taxClass);
        repairUtf8(l.overrideReason);
    }
    for (AppliedDiscount& d : sale.discounts)
        repairUtf8(d.label);
    for (TaxLine& t : sale.taxes) {
        repairUtf8(t.taxClass);
        repairUtf8(t.name);
    }
    for (Tender& t : sale.tenders) {
        for (std::string* field : {&t.method, &t.brand, &t.maskedPan, &t.entryMode, &t.approvalCode,
                                   &t.terminalTransactionId, &t.reconciliationId})
            repairUtf8(*field);
        for (std::string& line : t.receiptLines)
            repairUtf8(line);
    }
}

std::string chainName(const std::string& storeId, const std::string& kioskId) {
    return fmt::format("store {} kiosk {}", storeId, kioskId);
}

}  // namespace

// --- Completing a sale ---

Result<SaleRecord> SqliteStore::completeSale(SaleRecord sale) {
    if (sale.saleUuid.empty() || sale.storeId.empty() || sale.kioskId.empty()) {
        return makeError(ErrorCode::InvalidArgument,
                         "a sale needs a sale uuid, a store id and a kiosk id");
    }
    // Repairing an id could make two sale uuids one, and the second sale would be taken for
    // a retry of the first and dropped; or merge two kiosks' receipt chains. So: refused.
    for (const std::string* id : {&sale.saleUuid, &sale.storeId, &sale.kioskId}) {
        if (!isValidUtf8(*id)) {
            std::string shown = *id;
            repairUtf8(shown);
            return makeError(ErrorCode::InvalidArgument,
                             fmt::format("sale uuid, store id and kiosk id must be valid UTF-8; "
                                         "'{}' is not",
                                         shown));
        }
    }
    repairSaleText(sale);
    return atomically([&]() -> Result<SaleRecord> {
        // Idempotency: a kiosk that crashed after the commit completes the same sale again
        // on restart; it gets the journaled sale back and nothing is written twice.
        auto existing = saleIdByUuid(sale.saleUuid);
        if (!existing)
            return existing.error();
        if (*existing)
            return loadSale(**existing);

        const auto what = fmt::format("complete sale {}", sale.saleUuid);
        // The counter is the receipt number authority; the last journaled receipt guards
        // against a counter row that went missing, so a number is never issued twice.
        static constexpr const char kCounter[] =
            "SELECT next_no FROM receipt_counters WHERE store_id = ?1 AND kiosk_id = ?2";
        static constexpr const char kLast[] =
            "SELECT receipt_no, hash FROM sales WHERE store_id = ?1 AND kiosk_id = ?2 "
            "ORDER BY receipt_no DESC LIMIT 1";
        static constexpr const char kBump[] =
            "INSERT INTO receipt_counters (store_id, kiosk_id, next_no) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (store_id, kiosk_id) DO UPDATE SET next_no = excluded.next_no";
        int64_t receiptNo = 1;
        std::string prevHash;
        {
            auto q = db_->query(kCounter, what.c_str());
            if (!q)
                return q.error();
            q->bind(1, sale.storeId).bind(2, sale.kioskId);
            auto row = q->step();
            if (!row)
                return row.error();
            if (*row)
                receiptNo = std::max<int64_t>(1, q->int64(0));
        }
        {
            auto q = db_->query(kLast, what.c_str());
            if (!q)
                return q.error();
            q->bind(1, sale.storeId).bind(2, sale.kioskId);
            auto row = q->step();
            if (!row)
                return row.error();
            if (*row) {
                receiptNo = std::max(receiptNo, q->int64(0) + 1);
                prevHash = q->text(1);
            }
        }
        {
            auto q = db_->query(kBump, what.c_str());
            if (!q)
                return q.error();
            q->bind(1, sale.storeId).bind(2, sale.kioskId).bind(3, receiptNo + 1);
            if (auto done = q->run(); !done)
                return done.error();
        }

        // The receipt number is part of the hashed text, so it is set first.
        sale.receiptNo = receiptNo;
        sale.prevHash = prevHash;
        sale.hash = saleHash(prevHash, sale);
        auto saleId = insertSale(sale);
        if (!saleId)
            return saleId.error();

        // Stock follows the sale even below zero: a sale is never refused because the
        // inventory count is off, only when the level would no longer fit in an int64.
        for (const SaleLine& line : sale.lines) {
            const auto delta =
                checkedSub(0, line.weightGrams > 0 ? line.weightGrams : line.quantity);
            if (!delta) {
                return makeError(ErrorCode::Overflow,
                                 fmt::format("sale {} line {}: quantity {} is out of range",
                                             sale.saleUuid, line.lineId, line.quantity));
            }
            auto moved = moveStock(line.productId, *delta, "sale", *saleId, sale.endedAt);
            if (!moved)
                return moved.error();
        }

        // Only this sale's cart: a retried completion of an older sale must not delete the
        // cart of the sale the kiosk has moved on to.
        static constexpr const char kClearCart[] =
            "DELETE FROM open_carts WHERE kiosk_id = ?1 AND sale_uuid = ?2";
        auto q = db_->query(kClearCart, what.c_str());
        if (!q)
            return q.error();
        if (auto done = q->bind(1, sale.kioskId).bind(2, sale.saleUuid).run(); !done)
            return done.error();

        // The caller gets the sale as the journal holds it, not as it was handed in: if the
        // two ever differed again, it would show here at once and not at the next audit.
        auto stored = loadSale(*saleId);
        assert(!stored || saleHash(stored->prevHash, *stored) == stored->hash);
        return stored;
    });
}

Result<int64_t> SqliteStore::insertSale(const SaleRecord& sale) {
    const auto what = fmt::format("journal sale {}", sale.saleUuid);
    static constexpr const char kSale[] =
        "INSERT INTO sales (sale_uuid, store_id, kiosk_id, receipt_no, started_at, ended_at, "
        "currency, currency_exponent, language, tax_mode, subtotal, discount_total, tax_total, "
        "total, line_count, prev_hash, hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
        "RETURNING id";
    int64_t saleId = 0;
    {
        auto q = db_->query(kSale, what.c_str());
        if (!q)
            return q.error();
        q->bind(1, sale.saleUuid)
            .bind(2, sale.storeId)
            .bind(3, sale.kioskId)
            .bind(4, sale.receiptNo)
            .bind(5, sale.startedAt)
            .bind(6, sale.endedAt)
            .bind(7, sale.currency.codeView())
            .bind(8, int64_t{sale.currency.exponent})
            .bind(9, sale.language)
            .bind(10, std::string_view(taxModeName(sale.taxMode)))
            .bind(11, sale.subtotal)
            .bind(12, sale.discountTotal)
            .bind(13, sale.taxTotal)
            .bind(14, sale.total)
            .bind(15, static_cast<int64_t>(sale.lines.size()))
            .bind(16, sale.prevHash)
            .bind(17, sale.hash);
        auto row = q->step();
        if (!row)
            return row.error();
        saleId = q->int64(0);
        if (auto rest = q->run(); !rest)
            return rest.error();
    }

    static constexpr const char kLine[] =
        "INSERT INTO sale_lines (sale_id, position, line_id, product_id, code, name, quantity, "
        "weight_grams, unit_price, gross, discount, net, tax_class, tax, override_reason) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
    for (size_t i = 0; i < sale.lines.size(); ++i) {
        const SaleLine& l = sale.lines[i];
        auto q = db_->query(kLine, what.c_str());
        if (!q)
            return q.error();
        q->bind(1, saleId)
            .bind(2, static_cast<int64_t>(i))
            .bind(3, l.lineId)
            .bind(4, l.productId)
            .bind(5, l.code)
            .bind(6, l.name)
            .bind(7, l.quantity)
            .bind(8, l.weightGrams)
            .bind(9, l.unitPrice)
            .bind(10, l.gross)
            .bind(11, l.discount)
            .bind(12, l.net)
            .bind(13, l.taxClass)
            .bind(14, l.tax)
            .bind(15, l.overrideReason);
        if (auto done = q->run(); !done)
            return done.error();
    }

    static constexpr const char kDiscount[] =
        "INSERT INTO sale_discounts (sale_id, position, promotion_id, label, line_id, amount) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    for (size_t i = 0; i < sale.discounts.size(); ++i) {
        const AppliedDiscount& d = sale.discounts[i];
        auto q = db_->query(kDiscount, what.c_str());
        if (!q)
            return q.error();
        q->bind(1, saleId)
            .bind(2, static_cast<int64_t>(i))
            .bind(3, d.promotionId)
            .bind(4, d.label)
            .bind(5, d.lineId)
            .bind(6, d.amount);
        if (auto done = q->run(); !done)
            return done.error();
    }

    static constexpr const char kTax[] =
        "INSERT INTO sale_taxes (sale_id, position, tax_class, name, rate, base, tax, gross) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    for (size_t i = 0; i < sale.taxes.size(); ++i) {
        const TaxLine& t = sale.taxes[i];
        auto q = db_->query(kTax, what.c_str());
        if (!q)
            return q.error();
        q->bind(1, saleId)
            .bind(2, static_cast<int64_t>(i))
            .bind(3, t.taxClass)
            .bind(4, t.name)
            .bind(5, t.rate)
            .bind(6, t.base)
            .bind(7, t.tax)
            .bind(8, t.gross);
        if (auto done = q->run(); !done)
            return done.error();
    }

    static constexpr const char kTender[] =
        "INSERT INTO sale_tenders (sale_id, position, method, amount, brand, masked_pan, "
        "entry_mode, approval_code, terminal_transaction_id, reconciliation_id, receipt_lines) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    for (size_t i = 0; i < sale.tenders.size(); ++i) {
        const Tender& t = sale.tenders[i];
        auto q = db_->query(kTender, what.c_str());
        if (!q)
            return q.error();
        q->bind(1, saleId)
            .bind(2, static_cast<int64_t>(i))
            .bind(3, t.method)
            .bind(4, t.amount)
            .bind(5, t.brand)
            .bind(6, t.maskedPan)
            .bind(7, t.entryMode)
            .bind(8, t.approvalCode)
            .bind(9, t.terminalTransactionId)
            .bind(10, t.reconciliationId)
            .bind(11, receiptLinesToJson(t.receiptLines));
        if (auto done = q->run(); !done)
            return done.error();
    }
    return saleId;
}

// --- Reading sales ---

Result<std::optional<int64_t>> SqliteStore::saleIdByUuid(std::string_view saleUuid) {
    static constexpr const char kSql[] = "SELECT id FROM sales WHERE sale_uuid = ?1";
    auto q = db_->query(kSql, "look up a sale");
    if (!q)
        return q.error();
    q->bind(1, saleUuid);
    auto row = q->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<int64_t>();
    return std::optional<int64_t>(q->int64(0));
}

Result<SaleRecord> SqliteStore::loadSale(int64_t saleId) {
    static constexpr const char kSale[] =
        "SELECT sale_uuid, store_id, kiosk_id, receipt_no, started_at, ended_at, currency, "
        "currency_exponent, language, tax_mode, subtotal, discount_total, tax_total, total, "
        "prev_hash, hash FROM sales WHERE id = ?1";
    static constexpr const char kLines[] =
        "SELECT line_id, product_id, code, name, quantity, weight_grams, unit_price, gross, "
        "discount, net, tax_class, tax, override_reason FROM sale_lines WHERE sale_id = ?1 "
        "ORDER BY position";
    static constexpr const char kDiscounts[] =
        "SELECT promotion_id, label, line_id, amount FROM sale_discounts WHERE sale_id = ?1 "
        "ORDER BY position";
    static constexpr const char kTaxes[] =
        "SELECT tax_class, name, rate, base, tax, gross FROM sale_taxes WHERE sale_id = ?1 "
        "ORDER BY position";
    static constexpr const char kTenders[] =
        "SELECT method, amount, brand, masked_pan, entry_mode, approval_code, "
        "terminal_transaction_id, reconciliation_id, receipt_lines FROM sale_tenders "
        "WHERE sale_id = ?1 ORDER BY position";
    const char* what = "read a journaled sale";

    SaleRecord sale;
    {
        auto q = db_->query(kSale, what);
        if (!q)
            return q.error();
        q->bind(1, saleId);
        auto row = q->step();
        if (!row)
            return row.error();
        if (!*row) {
            return makeError(ErrorCode::NotFound,
                             fmt::format("sale id {} is not in {}", saleId, path()));
        }
        sale.saleUuid = q->text(0);
        sale.storeId = q->text(1);
        sale.kioskId = q->text(2);
        sale.receiptNo = q->int64(3);
        sale.startedAt = q->int64(4);
        sale.endedAt = q->int64(5);
        const std::string code = q->text(6);
        std::memset(sale.currency.code, 0, sizeof sale.currency.code);
        std::memcpy(sale.currency.code, code.data(), std::min<size_t>(code.size(), 3));
        sale.currency.exponent = static_cast<int>(q->int64(7));
        sale.language = q->text(8);
        sale.taxMode = q->text(9) == "exclusive" ? TaxMode::Exclusive : TaxMode::Inclusive;
        sale.subtotal = q->int64(10);
        sale.discountTotal = q->int64(11);
        sale.taxTotal = q->int64(12);
        sale.total = q->int64(13);
        sale.prevHash = q->text(14);
        sale.hash = q->text(15);
    }
    {
        auto q = db_->query(kLines, what);
        if (!q)
            return q.error();
        q->bind(1, saleId);
        auto read = q->each([&](const Query& r) {
            sale.lines.push_back(SaleLine{r.int64(0), r.int64(1), r.text(2), r.text(3), r.int64(4),
                                          r.int64(5), r.int64(6), r.int64(7), r.int64(8),
                                          r.int64(9), r.text(10), r.int64(11), r.text(12)});
        });
        if (!read)
            return read.error();
    }
    {
        auto q = db_->query(kDiscounts, what);
        if (!q)
            return q.error();
        q->bind(1, saleId);
        auto read = q->each([&](const Query& r) {
            sale.discounts.push_back(
                AppliedDiscount{r.int64(0), r.text(1), r.int64(2), r.int64(3)});
        });
        if (!read)
            return read.error();
    }
    {
        auto q = db_->query(kTaxes, what);
        if (!q)
            return q.error();
        q->bind(1, saleId);
        auto read = q->each([&](const Query& r) {
            sale.taxes.push_back(
                TaxLine{r.text(0), r.text(1), r.int64(2), r.int64(3), r.int64(4), r.int64(5)});
        });
        if (!read)
            return read.error();
    }
    bool receiptLinesOk = true;
    {
        auto q = db_->query(kTenders, what);
        if (!q)
            return q.error();
        q->bind(1, saleId);
        auto read = q->each([&](const Query& r) {
            Tender t{r.text(0), r.int64(1), r.text(2), r.text(3), r.text(4),
                     r.text(5), r.text(6),  r.text(7), {}};
            auto lines = receiptLinesFromJson(r.text(8));
            if (lines) {
                t.receiptLines = std::move(*lines);
            } else {
                receiptLinesOk = false;
            }
            sale.tenders.push_back(std::move(t));
        });
        if (!read)
            return read.error();
    }
    if (!receiptLinesOk) {
        return makeError(ErrorCode::Corrupt,
                         fmt::format("{}: the terminal receipt of sale {} is unreadable", path(),
                                     sale.saleUuid));
    }
    return sale;
}

Result<std::vector<SaleSummary>> SqliteStore::sales(int limit, int offset) {
    static constexpr const char kSql[] =
        "SELECT receipt_no, sale_uuid, store_id, kiosk_id, ended_at, total, line_count "
        "FROM sales ORDER BY ended_at DESC, id DESC LIMIT ?1 OFFSET ?2";
    std::vector<SaleSummary> out;
    if (limit <= 0)
        return out;
    auto q = db_->query(kSql, "list sales");
    if (!q)
        return q.error();
    q->bind(1, int64_t{limit}).bind(2, int64_t{std::max(offset, 0)});
    auto read = q->each([&](const Query& r) {
        out.push_back(SaleSummary{r.int64(0), r.text(1), r.text(2), r.text(3), r.int64(4),
                                  r.int64(5), r.int64(6)});
    });
    if (!read)
        return read.error();
    return out;
}

Result<std::optional<SaleRecord>> SqliteStore::saleByReceipt(std::string_view storeId,
                                                             std::string_view kioskId,
                                                             int64_t receiptNo) {
    static constexpr const char kSql[] =
        "SELECT id FROM sales WHERE store_id = ?1 AND kiosk_id = ?2 AND receipt_no = ?3";
    std::optional<int64_t> id;
    {
        auto q = db_->query(kSql, "look up a receipt");
        if (!q)
            return q.error();
        q->bind(1, storeId).bind(2, kioskId).bind(3, receiptNo);
        auto row = q->step();
        if (!row)
            return row.error();
        if (*row)
            id = q->int64(0);
    }
    if (!id)
        return std::optional<SaleRecord>();
    auto sale = loadSale(*id);
    if (!sale)
        return sale.error();
    return std::optional<SaleRecord>(std::move(*sale));
}

Result<std::optional<SaleRecord>> SqliteStore::saleByUuid(std::string_view saleUuid) {
    auto id = saleIdByUuid(saleUuid);
    if (!id)
        return id.error();
    if (!*id)
        return std::optional<SaleRecord>();
    auto sale = loadSale(**id);
    if (!sale)
        return sale.error();
    return std::optional<SaleRecord>(std::move(*sale));
}

// --- Verification ---

Result<JournalCheck> SqliteStore::verifyJournal() {
    // One snapshot, without taking the write lock: a kiosk keeps selling while the back
    // office verifies.
    return readSnapshot([&] { return verifyJournalInSnapshot(); });
}

Result<JournalCheck> SqliteStore::verifyJournalInSnapshot() {
    static constexpr const char kChains[] =
        "SELECT store_id, kiosk_id FROM sales GROUP BY store_id, kiosk_id "
        "UNION SELECT store_id, kiosk_id FROM receipt_counters ORDER BY 1, 2";
    static constexpr const char kChain[] =
        "SELECT id, receipt_no, prev_hash, hash, line_count FROM sales "
        "WHERE store_id = ?1 AND kiosk_id = ?2 ORDER BY receipt_no";
    static constexpr const char kCounter[] =
        "SELECT next_no FROM receipt_counters WHERE store_id = ?1 AND kiosk_id = ?2";
    const char* what = "verify the journal";

    std::vector<std::pair<std::string, std::string>> chains;
    {
        auto q = db_->query(kChains, what);
        if (!q)
            return q.error();
        auto read = q->each([&](const Query& r) { chains.emplace_back(r.text(0), r.text(1)); });
        if (!read)
            return read.error();
    }

    JournalCheck check;
    auto broken = [&](std::string why) {
        check.ok = false;
        check.firstBreak = std::move(why);
        return check;
    };
    for (const auto& [storeId, kioskId] : chains) {
        const std::string chain = chainName(storeId, kioskId);
        int64_t expected = 1;
        std::string prevHash;
        auto q = db_->query(kChain, what);
        if (!q)
            return q.error();
        q->bind(1, storeId).bind(2, kioskId);
        for (;;) {
            auto row = q->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            const int64_t receiptNo = q->int64(1);
            const std::string storedPrev = q->text(2);
            const std::string storedHash = q->text(3);
            const int64_t lineCount = q->int64(4);
            if (receiptNo != expected) {
                return broken(fmt::format("{} receipt {} missing", chain, expected));
            }
            auto sale = loadSale(q->int64(0));
            if (!sale)
                return sale.error();
            if (static_cast<int64_t>(sale->lines.size()) != lineCount) {
                return broken(fmt::format("{} receipt {}: {} lines journaled but {} stored", chain,
                                          receiptNo, lineCount, sale->lines.size()));
            }
            if (storedPrev != prevHash) {
                return broken(
                    fmt::format("{} receipt {}: link to receipt {} broken (previous "
                                "hash differs)",
                                chain, receiptNo, receiptNo - 1));
            }
            if (saleHash(storedPrev, *sale) != storedHash) {
                return broken(fmt::format("{} receipt {}: hash mismatch", chain, receiptNo));
            }
            prevHash = storedHash;
            ++expected;
            ++check.salesChecked;
        }
        // The counter knows how many receipts were issued: it shows a missing last sale.
        auto c = db_->query(kCounter, what);
        if (!c)
            return c.error();
        c->bind(1, storeId).bind(2, kioskId);
        auto row = c->step();
        if (!row)
            return row.error();
        if (*row) {
            const int64_t next = c->int64(0);
            if (next > expected) {
                return broken(fmt::format("{} receipt {} missing", chain, expected));
            }
            if (next < expected) {
                return broken(fmt::format("{}: receipt counter at {} is behind receipt {}", chain,
                                          next, expected - 1));
            }
        } else if (expected > 1) {
            return broken(fmt::format("{}: receipt counter missing", chain));
        }
    }
    return check;
}

}  // namespace kiosk::storage
