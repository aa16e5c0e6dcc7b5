// The sale journal: one transaction per sale, gapless receipt numbers per store and kiosk,
// idempotency, stock moves, full round trips, and the hash chain catching tampering.
#include <sqlite3.h>

#include "kiosk/core/pricing.hpp"
#include "store_fixtures.hpp"

namespace kiosk::storage {
namespace {

using testing::TempDir;

class StoreJournal : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = dir_.file("store.db");
        store_ = testing::openStore(path_);
        ASSERT_TRUE(store_);
        const auto ids = testing::seedCatalogue(*store_, 25);
        for (int64_t id : ids) {
            auto p = store_->productById(id);
            ASSERT_TRUE(p.ok() && p->has_value());
            products_.push_back(**p);
            ASSERT_TRUE(store_->setStock(id, 1'000'000, "initial").ok());
        }
    }

    // The first `count` products, with the weighed one at the end when `weighed`.
    std::vector<Product> some(size_t count, bool weighed = false) const {
        std::vector<Product> out(products_.begin(), products_.begin() + count);
        if (weighed)
            out.push_back(products_.back());
        return out;
    }

    SaleRecord complete(const SaleRecord& sale) {
        auto done = store_->completeSale(sale);
        EXPECT_TRUE(done.ok()) << (done.ok() ? "" : done.error().message);
        return done.ok() ? *done : SaleRecord{};
    }

    int64_t onHand(int64_t productId) {
        auto level = store_->stock(productId);
        EXPECT_TRUE(level.ok());
        return level.ok() ? level->onHand : 0;
    }

    JournalCheck verify() {
        auto check = store_->verifyJournal();
        EXPECT_TRUE(check.ok()) << (check.ok() ? "" : check.error().message);
        return check.ok() ? *check : JournalCheck{};
    }

    // Runs SQL directly on the file with the store closed, like someone with the sqlite3
    // shell would; the append-only triggers are dropped first, as a tamperer would.
    void tamper(const std::string& sql) {
        store_.reset();
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
        const std::string all =
            "DROP TRIGGER sales_append_only_update; DROP TRIGGER sales_append_only_delete;"
            "DROP TRIGGER sale_lines_append_only_update;"
            "DROP TRIGGER sale_lines_append_only_delete;" +
            sql;
        char* message = nullptr;
        EXPECT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, &message), SQLITE_OK)
            << (message ? message : "");
        sqlite3_free(message);
        sqlite3_close(db);
        store_ = testing::openStore(path_);
        ASSERT_TRUE(store_);
    }

    TempDir dir_;
    std::string path_;
    std::unique_ptr<Store> store_;
    std::vector<Product> products_;
};

TEST_F(StoreJournal, CompletedSaleRoundTrips) {
    SaleRecord sale = testing::makeSale("sale-1", some(20, true));
    const SaleRecord done = complete(sale);
    EXPECT_EQ(done.receiptNo, 1);
    EXPECT_EQ(done.prevHash, "");
    EXPECT_EQ(done.hash, saleHash("", done));
    sale.receiptNo = done.receiptNo;
    sale.prevHash = done.prevHash;
    sale.hash = done.hash;
    EXPECT_EQ(done, sale);  // storage assigns the number and hashes, nothing else

    auto byUuid = store_->saleByUuid("sale-1");
    ASSERT_TRUE(byUuid.ok() && byUuid->has_value());
    EXPECT_EQ(**byUuid, done);
    auto byReceipt = store_->saleByReceipt("S1", "K1", 1);
    ASSERT_TRUE(byReceipt.ok() && byReceipt->has_value());
    EXPECT_EQ(**byReceipt, done);

    auto none = store_->saleByReceipt("S1", "K1", 2);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
    auto unknown = store_->saleByUuid("nope");
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(unknown->has_value());
}

TEST_F(StoreJournal, SaleBuiltFromAPricedCartRoundTrips) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(products_[0], products_[0].gtin, 3).ok());
    ASSERT_TRUE(cart.addWeighed(products_.back(), "4011", 830).ok());
    auto line = cart.addUnits(products_[1], products_[1].gtin);
    ASSERT_TRUE(line.ok());
    ASSERT_TRUE(cart.overridePrice(*line, 500, "damaged box").ok());
    PricingRules rules;
    rules.currency = currencyIdr();
    rules.tax.classes = {TaxClass{"PPN", "PPN 11%", 110'000}};
    Promotion deal;
    deal.id = 1;
    deal.label = "3 for 2";
    deal.kind = PromotionKind::BuyNPayM;
    deal.productIds = {products_[0].id};
    deal.n = 3;
    deal.m = 2;
    rules.promotions = {deal};
    auto priced = priceCart(cart, rules, 1'700'000'000'000);
    ASSERT_TRUE(priced.ok()) << priced.error().message;
    SaleRecord sale = makeSaleRecord(cart, *priced, "id");
    sale.saleUuid = "priced-1";
    sale.storeId = "S1";
    sale.kioskId = "K1";
    sale.startedAt = 1'700'000'000'000;
    sale.endedAt = 1'700'000'090'000;
    sale.tenders = {Tender{"cash", sale.total, "", "", "", "", "", "", {}}};

    const SaleRecord done = complete(sale);
    auto back = store_->saleByUuid("priced-1");
    ASSERT_TRUE(back.ok() && back->has_value());
    EXPECT_EQ(**back, done);
    EXPECT_TRUE(verify().ok);
}

// An attendant's line discount is journaled as a discount with promotion id 0, after the
// line's promotion, and is covered by the sale's hash like any other.
TEST_F(StoreJournal, AttendantDiscountIsJournaledAndHashed) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(products_[0], products_[0].gtin, 3).ok());
    auto plain = cart.addUnits(products_[1], products_[1].gtin);
    ASSERT_TRUE(plain.ok());
    ASSERT_TRUE(cart.discount(1, 10, "damaged").ok());
    ASSERT_TRUE(cart.discount(*plain, 100, "goodwill").ok());
    PricingRules rules;
    rules.currency = currencyIdr();
    rules.tax.classes = {TaxClass{"PPN", "PPN 11%", 110'000}};
    Promotion deal;
    deal.id = 1;
    deal.label = "3 for 2";
    deal.kind = PromotionKind::BuyNPayM;
    deal.productIds = {products_[0].id};
    deal.n = 3;
    deal.m = 2;
    rules.promotions = {deal};
    auto priced = priceCart(cart, rules, 1'700'000'000'000);
    ASSERT_TRUE(priced.ok()) << priced.error().message;
    SaleRecord sale = makeSaleRecord(cart, *priced, "id");
    sale.saleUuid = "discounted-1";
    sale.storeId = "S1";
    sale.kioskId = "K1";
    sale.startedAt = 1'700'000'000'000;
    sale.endedAt = 1'700'000'090'000;
    sale.tenders = {Tender{"cash", sale.total, "", "", "", "", "", "", {}}};
    size_t attendant = 0;
    for (const AppliedDiscount& d : sale.discounts)
        attendant += d.promotionId == 0 ? 1 : 0;
    ASSERT_EQ(attendant, 2u) << "pricing gives each attendant discount promotion id 0";

    const SaleRecord done = complete(sale);
    auto back = store_->saleByUuid("discounted-1");
    ASSERT_TRUE(back.ok() && back->has_value());
    EXPECT_EQ(**back, done);
    EXPECT_EQ((*back)->discounts, sale.discounts);
    EXPECT_NE(canonicalSaleText(done).find("discount.promotionId 0\n"), std::string::npos);
    EXPECT_TRUE(verify().ok);

    tamper(
        "DROP TRIGGER sale_discounts_append_only_update;"
        "UPDATE sale_discounts SET amount = amount + 1000 WHERE promotion_id = 0;");
    const JournalCheck check = verify();
    EXPECT_FALSE(check.ok);
    EXPECT_NE(check.firstBreak.find("receipt 1"), std::string::npos) << check.firstBreak;
}

// Terminals and catalogues send Latin-1 now and then. The journal must hash exactly what it
// stores and reads back, or verifyJournal reports a tampered sale that nobody touched.
TEST_F(StoreJournal, TextThatIsNotUtf8IsJournaledAsItWasHashed) {
    const std::string bad = "\xE9";            // Latin-1 e-acute, never valid UTF-8 alone
    const std::string fixed = "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    SaleRecord sale = testing::makeSale("latin-1", some(2));
    sale.tenders[0].receiptLines.push_back(
        "TOTAL \xA3"
        "5.00");  // Latin-1 pound sign
    sale.lines[0].name = "Caf" + bad + " au lait";
    // Every other text field too, so no field can differ between hash and storage.
    sale.language = "i" + bad;
    sale.lines[0].code = "C" + bad;
    sale.lines[0].taxClass = "T" + bad;
    sale.lines[1].overrideReason = "dented " + bad;
    sale.discounts[0].label = "3 for 2 " + bad;
    sale.taxes[0].taxClass = "P" + bad;
    sale.taxes[0].name = "PPN " + bad;
    Tender& t = sale.tenders[0];
    for (std::string* field : {&t.method, &t.brand, &t.maskedPan, &t.entryMode, &t.approvalCode,
                               &t.terminalTransactionId, &t.reconciliationId})
        *field += bad;

    auto done = store_->completeSale(sale);
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(done->tenders[0].receiptLines.back(), "TOTAL " + fixed + "5.00");
    EXPECT_EQ(done->lines[0].name, "Caf" + fixed + " au lait");
    EXPECT_EQ(done->language, "i" + fixed);
    EXPECT_EQ(done->tenders[0].brand, "VISA" + fixed);
    EXPECT_EQ(done->hash, saleHash("", *done));
    auto back = store_->saleByUuid("latin-1");
    ASSERT_TRUE(back.ok() && back->has_value());
    EXPECT_EQ(**back, *done);  // what completeSale returns is what the journal holds

    complete(testing::makeSale("after", some(1)));
    const JournalCheck check = verify();
    EXPECT_TRUE(check.ok) << check.firstBreak;
    EXPECT_EQ(check.salesChecked, 2);

    // Completing it again (a kiosk retrying after a crash) finds the same journaled sale.
    auto again = store_->completeSale(sale);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(*again, *done);
}

// Identifiers are keys, not text to show: repairing them could make two different sale uuids
// one, and the second sale would be taken for a retry of the first and silently dropped.
TEST_F(StoreJournal, IdsThatAreNotUtf8AreRefused) {
    for (int field = 0; field < 3; ++field) {
        SaleRecord sale = testing::makeSale("bad-id", some(1));
        std::string& id = field == 0 ? sale.saleUuid : field == 1 ? sale.storeId : sale.kioskId;
        id += "\xFF";
        auto done = store_->completeSale(sale);
        ASSERT_FALSE(done.ok()) << "field " << field;
        EXPECT_EQ(done.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(done.error().message.find("UTF-8"), std::string::npos) << done.error().message;
    }
    auto list = store_->sales(10, 0);
    ASSERT_TRUE(list.ok());
    EXPECT_TRUE(list->empty());
}

TEST_F(StoreJournal, ReceiptNumbersAreGaplessPerStoreAndKiosk) {
    const std::vector<std::pair<std::string, std::string>> order = {
        {"S1", "K1"}, {"S1", "K2"}, {"S1", "K1"}, {"S2", "K1"}, {"S1", "K1"}, {"S1", "K2"}};
    std::map<std::pair<std::string, std::string>, std::vector<SaleRecord>> chains;
    for (size_t i = 0; i < order.size(); ++i) {
        const auto& [storeId, kioskId] = order[i];
        SaleRecord done =
            complete(testing::makeSale("sale-" + std::to_string(i), some(2), storeId, kioskId));
        chains[order[i]].push_back(done);
    }
    for (const auto& [chain, sales] : chains) {
        std::string prev;
        for (size_t i = 0; i < sales.size(); ++i) {
            EXPECT_EQ(sales[i].receiptNo, static_cast<int64_t>(i + 1));
            EXPECT_EQ(sales[i].prevHash, prev);
            prev = sales[i].hash;
        }
    }
    EXPECT_EQ((chains[{"S1", "K1"}].size()), 3u);
    const JournalCheck check = verify();
    EXPECT_TRUE(check.ok) << check.firstBreak;
    EXPECT_EQ(check.salesChecked, 6);
}

TEST_F(StoreJournal, CompletingTheSameSaleTwiceChangesNothing) {
    const SaleRecord first = complete(testing::makeSale("once", some(3)));
    const int64_t stockAfterFirst = onHand(products_[2].id);
    EXPECT_EQ(stockAfterFirst, 1'000'000 - 3);

    // A kiosk restarting after a crash completes the sale again, maybe with a new end time.
    SaleRecord again = testing::makeSale("once", some(3));
    again.endedAt += 5'000;
    const SaleRecord second = complete(again);
    EXPECT_EQ(second, first);
    EXPECT_EQ(onHand(products_[2].id), stockAfterFirst);
    auto moves = store_->saleStockMoves("once");
    ASSERT_TRUE(moves.ok());
    EXPECT_EQ(moves->size(), 3u);

    // The receipt counter did not move either.
    EXPECT_EQ(complete(testing::makeSale("next", some(1))).receiptNo, 2);
    auto all = store_->sales(100, 0);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 2u);
}

TEST_F(StoreJournal, EachLineMovesStockByUnitsOrGrams) {
    const SaleRecord done = complete(testing::makeSale("stock", some(3, true)));
    auto moves = store_->saleStockMoves("stock");
    ASSERT_TRUE(moves.ok());
    ASSERT_EQ(moves->size(), done.lines.size());
    for (size_t i = 0; i < done.lines.size(); ++i) {
        const SaleLine& line = done.lines[i];
        const StockMove& move = (*moves)[i];
        EXPECT_EQ(move.productId, line.productId);
        EXPECT_EQ(move.delta, line.weightGrams > 0 ? -line.weightGrams : -line.quantity);
        EXPECT_EQ(move.reason, "sale");
        EXPECT_EQ(move.saleUuid, "stock");
        EXPECT_EQ(move.at, done.endedAt);
        EXPECT_EQ(onHand(line.productId), 1'000'000 + move.delta);
    }
    EXPECT_EQ((*moves)[3].delta, -1'250);  // the weighed line, in grams
}

TEST_F(StoreJournal, SaleIsNeverRefusedForLackOfStock) {
    ASSERT_TRUE(store_->setStock(products_[0].id, 0, "count").ok());
    complete(testing::makeSale("short", some(1)));
    EXPECT_EQ(onHand(products_[0].id), -1);
}

TEST_F(StoreJournal, CompletingASaleClearsThatKiosksOpenCart) {
    OpenCart cart;
    cart.saleUuid = "to-complete";
    ASSERT_TRUE(cart.cart.addUnits(products_[0], products_[0].gtin).ok());
    ASSERT_TRUE(store_->saveOpenCart("K1", cart).ok());
    cart.saleUuid = "other-kiosk";
    ASSERT_TRUE(store_->saveOpenCart("K2", cart).ok());

    complete(testing::makeSale("to-complete", some(1), "S1", "K1"));
    auto k1 = store_->loadOpenCart("K1");
    ASSERT_TRUE(k1.ok());
    EXPECT_FALSE(k1->has_value());
    auto k2 = store_->loadOpenCart("K2");
    ASSERT_TRUE(k2.ok());
    EXPECT_TRUE(k2->has_value());
}

TEST_F(StoreJournal, CompletingAnOlderSaleLeavesTheNewerSalesOpenCart) {
    // A retried CompleteSale of sale A arrives after the kiosk already started sale B.
    OpenCart cart;
    cart.saleUuid = "sale-B";
    ASSERT_TRUE(cart.cart.addUnits(products_[0], products_[0].gtin).ok());
    ASSERT_TRUE(store_->saveOpenCart("K1", cart).ok());

    complete(testing::makeSale("sale-A", some(1), "S1", "K1"));
    auto open = store_->loadOpenCart("K1");
    ASSERT_TRUE(open.ok());
    ASSERT_TRUE(open->has_value()) << "completing sale A deleted sale B's open cart";
    EXPECT_EQ((*open)->saleUuid, "sale-B");
}

TEST_F(StoreJournal, CompletingASaleIsOneTransaction) {
    OpenCart cart;
    cart.saleUuid = "doomed";
    ASSERT_TRUE(store_->saveOpenCart("K1", cart).ok());

    // The last line names a product that does not exist: the foreign key fails after the
    // sale row, the other lines and their stock moves were written.
    SaleRecord sale = testing::makeSale("doomed", some(5));
    sale.lines.back().productId = 987'654;
    auto failed = store_->completeSale(sale);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::Conflict);
    EXPECT_NE(failed.error().message.find("doomed"), std::string::npos) << failed.error().message;
    EXPECT_NE(failed.error().message.find(path_), std::string::npos) << failed.error().message;

    auto stored = store_->saleByUuid("doomed");
    ASSERT_TRUE(stored.ok());
    EXPECT_FALSE(stored->has_value());
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(onHand(products_[i].id), 1'000'000);
        auto moves = store_->stockMoves(products_[i].id);
        ASSERT_TRUE(moves.ok());
        EXPECT_EQ(moves->size(), 1u);  // the initial count only
    }
    auto open = store_->loadOpenCart("K1");
    ASSERT_TRUE(open.ok());
    EXPECT_TRUE(open->has_value()) << "the open cart was cleared by a failed sale";
    // No receipt number was used up.
    EXPECT_EQ(complete(testing::makeSale("fine", some(2))).receiptNo, 1);
    EXPECT_TRUE(verify().ok);
}

TEST_F(StoreJournal, SalesInOneCallerTransactionCommitOrRollBackTogether) {
    auto failed = store_->transaction([&]() -> Result<void> {
        if (auto a = store_->completeSale(testing::makeSale("a", some(1))); !a) {
            return a.error();
        }
        return makeError(ErrorCode::Conflict, "payment reversed");
    });
    ASSERT_FALSE(failed.ok());
    auto none = store_->saleByUuid("a");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());

    auto ok = store_->transaction([&]() -> Result<void> {
        for (const char* uuid : {"b", "c"}) {
            if (auto s = store_->completeSale(testing::makeSale(uuid, some(1))); !s) {
                return s.error();
            }
        }
        return {};
    });
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    auto c = store_->saleByUuid("c");
    ASSERT_TRUE(c.ok() && c->has_value());
    EXPECT_EQ((*c)->receiptNo, 2);
}

TEST_F(StoreJournal, SalesAreListedNewestFirst) {
    for (int i = 0; i < 5; ++i) {
        complete(testing::makeSale("s" + std::to_string(i), some(i + 1), "S1", "K1",
                                   1'700'000'000'000 + i * 60'000));
    }
    auto page = store_->sales(2, 1);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->size(), 2u);
    EXPECT_EQ((*page)[0].saleUuid, "s3");
    EXPECT_EQ((*page)[1].saleUuid, "s2");
    EXPECT_EQ((*page)[0].receiptNo, 4);
    EXPECT_EQ((*page)[0].lineCount, 4);
    EXPECT_EQ((*page)[0].storeId, "S1");
    EXPECT_EQ((*page)[0].kioskId, "K1");
    EXPECT_EQ((*page)[0].endedAt, 1'700'000'180'000);
    auto s3 = store_->saleByUuid("s3");
    ASSERT_TRUE(s3.ok() && s3->has_value());
    EXPECT_EQ((*page)[0].total, (*s3)->total);
}

TEST_F(StoreJournal, SaleWithoutIdsIsRefused) {
    SaleRecord sale = testing::makeSale("", some(1));
    auto done = store_->completeSale(sale);
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().code, ErrorCode::InvalidArgument);
}

TEST_F(StoreJournal, JournalIsAppendOnly) {
    complete(testing::makeSale("kept", some(1)));
    store_.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    for (const char* sql :
         {"UPDATE sale_lines SET unit_price = 1", "DELETE FROM sales", "DELETE FROM stock_moves"}) {
        EXPECT_NE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
        EXPECT_NE(std::string(sqlite3_errmsg(db)).find("append-only"), std::string::npos);
    }
    sqlite3_close(db);
}

TEST_F(StoreJournal, ChangedPriceIsReportedAtItsReceipt) {
    for (int i = 0; i < 4; ++i)
        complete(testing::makeSale("t" + std::to_string(i), some(3)));
    ASSERT_TRUE(verify().ok);
    tamper(
        "UPDATE sale_lines SET unit_price = unit_price - 1 WHERE position = 1 AND sale_id = "
        "(SELECT id FROM sales WHERE receipt_no = 3)");
    const JournalCheck check = verify();
    EXPECT_FALSE(check.ok);
    EXPECT_EQ(check.firstBreak, "store S1 kiosk K1 receipt 3: hash mismatch");
}

TEST_F(StoreJournal, RehashedSaleBreaksTheNextLink) {
    for (int i = 0; i < 4; ++i)
        complete(testing::makeSale("t" + std::to_string(i), some(3)));
    // A smarter tamperer recomputes the changed sale's hash; the next sale still points to
    // the old one.
    auto sale = store_->saleByReceipt("S1", "K1", 2);
    ASSERT_TRUE(sale.ok() && sale->has_value());
    SaleRecord changed = **sale;
    changed.lines[0].unitPrice -= 1;
    const std::string newHash = saleHash(changed.prevHash, changed);
    tamper(
        "UPDATE sale_lines SET unit_price = unit_price - 1 WHERE position = 0 AND sale_id = "
        "(SELECT id FROM sales WHERE receipt_no = 2);"
        "UPDATE sales SET hash = '" +
        newHash + "' WHERE receipt_no = 2;");
    const JournalCheck check = verify();
    EXPECT_FALSE(check.ok);
    EXPECT_EQ(check.firstBreak,
              "store S1 kiosk K1 receipt 3: link to receipt 2 broken (previous hash differs)");
}

TEST_F(StoreJournal, DeletedSaleIsReportedAsAGap) {
    for (int i = 0; i < 8; ++i)
        complete(testing::makeSale("t" + std::to_string(i), some(2)));
    tamper(
        "DELETE FROM sale_lines WHERE sale_id = (SELECT id FROM sales WHERE receipt_no = 7);"
        "DELETE FROM sales WHERE receipt_no = 7;");
    const JournalCheck check = verify();
    EXPECT_FALSE(check.ok);
    EXPECT_EQ(check.firstBreak, "store S1 kiosk K1 receipt 7 missing");
}

TEST_F(StoreJournal, DeletedLastSaleIsReportedFromTheCounter) {
    for (int i = 0; i < 3; ++i)
        complete(testing::makeSale("t" + std::to_string(i), some(2)));
    tamper(
        "DELETE FROM sale_lines WHERE sale_id = (SELECT id FROM sales WHERE receipt_no = 3);"
        "DELETE FROM sales WHERE receipt_no = 3;");
    const JournalCheck check = verify();
    EXPECT_FALSE(check.ok);
    EXPECT_EQ(check.firstBreak, "store S1 kiosk K1 receipt 3 missing");
    // The kiosk still sells, and never reuses the number.
    EXPECT_EQ(complete(testing::makeSale("after", some(1))).receiptNo, 4);
}

TEST_F(StoreJournal, DeletedLineIsReported) {
    for (int i = 0; i < 2; ++i)
        complete(testing::makeSale("t" + std::to_string(i), some(4)));
    tamper(
        "DELETE FROM sale_lines WHERE position = 3 AND sale_id = "
        "(SELECT id FROM sales WHERE receipt_no = 2)");
    const JournalCheck check = verify();
    EXPECT_FALSE(check.ok);
    EXPECT_EQ(check.firstBreak, "store S1 kiosk K1 receipt 2: 4 lines journaled but 3 stored");
}

TEST(Store, SaleHashIsLowercaseHexSha256OverPrevHashAndCanonicalText) {
    SaleRecord sale = testing::makeSale("h", {testing::makeProduct(1)});
    sale.receiptNo = 1;
    const std::string first = saleHash("", sale);
    ASSERT_EQ(first.size(), 64u);
    EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(saleHash("", sale), first);
    EXPECT_NE(saleHash(first, sale), first);
    sale.receiptNo = 2;  // the receipt number is covered
    EXPECT_NE(saleHash("", sale), first);
}

}  // namespace
}  // namespace kiosk::storage
