// Sale records: building one from a priced cart, the canonical text the journal's hash chain
// covers (deterministic, every field counted, no ambiguous boundaries) and the printed receipt.
#include "kiosk/core/sale.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <sstream>

namespace kiosk {
namespace {

Product product(int64_t id, int64_t price, std::string taxClass, std::string nameId,
                std::string nameEn = "") {
    Product p;
    p.id = id;
    p.price = price;
    p.taxClass = std::move(taxClass);
    p.names["id"] = std::move(nameId);
    if (!nameEn.empty())
        p.names["en"] = std::move(nameEn);
    return p;
}

PricingRules idrRules() {
    PricingRules r;
    r.currency = currencyIdr();
    r.tax.classes = {TaxClass{"PPN", "PPN 11%", 110'000}, TaxClass{"EXEMPT", "Bebas PPN", 0}};
    Promotion threeForTwo;
    threeForTwo.id = 7;
    threeForTwo.label = "Beli 3 bayar 2 keju Parmigiano";
    threeForTwo.kind = PromotionKind::BuyNPayM;
    threeForTwo.n = 3;
    threeForTwo.m = 2;
    threeForTwo.productIds = {1};
    Promotion bananas;
    bananas.id = 8;
    bananas.label = "Diskon 10% pisang";
    bananas.kind = PromotionKind::PercentOff;
    bananas.percent = 1'000;
    bananas.productIds = {2};
    r.promotions = {threeForTwo, bananas};
    return r;
}

// A cart with a multi-buy, a weighed line with a discount and an overridden line.
Cart sampleCart() {
    Cart cart;
    Product cheese = product(1, 12'500, "PPN",
                             "Parmigiano Reggiano DOP stagionato 24 mesi qualità superiore – "
                             "caseificio sociale",
                             "Parmigiano Reggiano");
    cheese.gtin = "08001234567890";
    Product bananas = product(2, 25'999, "EXEMPT", "Pisang Cavendish", "Cavendish bananas");
    bananas.unit = SaleUnit::Weight;
    bananas.plu = "4011";
    Product beer = product(3, 8'000, "PPN", "Birra Moretti");
    EXPECT_TRUE(cart.addUnits(cheese, "08001234567890", 3).ok());
    EXPECT_TRUE(cart.addWeighed(bananas, "4011", 1'234).ok());
    const int64_t beerLine = *cart.addUnits(beer, "08002270000010", 1);
    EXPECT_TRUE(cart.overridePrice(beerLine, 7'000, "kemasan rusak").ok());
    return cart;
}

SaleRecord sampleSale(std::string language = "id") {
    const Cart cart = sampleCart();
    auto priced = priceCart(cart, idrRules(), 0);
    EXPECT_TRUE(priced.ok());
    SaleRecord sale = makeSaleRecord(cart, *priced, std::move(language));
    sale.saleUuid = "5b0c2c1e-8d3a-4f7e-9a41-0c6f2b9d7e11";
    sale.storeId = "JKT-01";
    sale.kioskId = "K2";
    sale.receiptNo = 42;
    sale.startedAt = 1'718'090'000'000;
    sale.endedAt = 1'718'091'125'000;  // 2024-06-11 07:32:05 UTC
    Tender card;
    card.method = "card";
    card.amount = sale.total;
    card.brand = "VISA";
    card.maskedPan = "************1234";
    card.entryMode = "contactless";
    card.approvalCode = "A1B2C3";
    card.terminalTransactionId = "T-000981";
    card.reconciliationId = "R-17";
    card.receiptLines = {"TERMINAL ID 12345678   MERCHANT 0042", "CARDHOLDER COPY"};
    sale.tenders.push_back(card);
    sale.prevHash = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    sale.hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    return sale;
}

TEST(Sale, RecordCopiesLinesPricingAndNamesInTheSaleLanguage) {
    const Cart cart = sampleCart();
    auto priced = priceCart(cart, idrRules(), 0);
    ASSERT_TRUE(priced.ok());
    const SaleRecord sale = makeSaleRecord(cart, *priced, "en");
    EXPECT_EQ(sale.language, "en");
    EXPECT_EQ(sale.currency, currencyIdr());
    EXPECT_EQ(sale.taxMode, TaxMode::Inclusive);
    ASSERT_EQ(sale.lines.size(), 3u);
    EXPECT_EQ(sale.lines[0].name, "Parmigiano Reggiano");  // English name when there is one
    EXPECT_EQ(sale.lines[2].name, "Birra Moretti");        // else the name it has
    EXPECT_EQ(sale.lines[0].code, "08001234567890");
    EXPECT_EQ(sale.lines[0].productId, 1);
    EXPECT_EQ(sale.lines[0].quantity, 3);
    EXPECT_EQ(sale.lines[0].gross, 37'500);
    EXPECT_EQ(sale.lines[0].discount, 12'500);
    EXPECT_EQ(sale.lines[1].weightGrams, 1'234);
    EXPECT_EQ(sale.lines[1].unitPrice, 25'999);
    EXPECT_EQ(sale.lines[2].unitPrice, 7'000);
    EXPECT_EQ(sale.lines[2].overrideReason, "kemasan rusak");
    EXPECT_TRUE(sale.lines[0].overrideReason.empty());
    for (size_t i = 0; i < sale.lines.size(); ++i) {
        EXPECT_EQ(sale.lines[i].lineId, priced->lines[i].lineId);
        EXPECT_EQ(sale.lines[i].net, priced->lines[i].net);
        EXPECT_EQ(sale.lines[i].tax, priced->lines[i].tax);
        EXPECT_EQ(sale.lines[i].taxClass, priced->lines[i].taxClass);
    }
    EXPECT_EQ(sale.discounts, priced->discounts);
    EXPECT_EQ(sale.taxes, priced->taxes);
    EXPECT_EQ(sale.subtotal, priced->subtotal);
    EXPECT_EQ(sale.discountTotal, priced->discountTotal);
    EXPECT_EQ(sale.taxTotal, priced->taxTotal);
    EXPECT_EQ(sale.total, priced->total);
    EXPECT_EQ(sale.receiptNo, 0);
    EXPECT_TRUE(sale.hash.empty());
    EXPECT_TRUE(sale.prevHash.empty());
}

TEST(Sale, RecordKeepsTheExclusiveTaxMode) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, 999, "NY", "Bagel"), "1").ok());
    PricingRules r;
    r.currency = currencyUsd();
    r.tax.mode = TaxMode::Exclusive;
    r.tax.classes = {TaxClass{"NY", "NYC sales tax 8.875%", 88'750}};
    auto priced = priceCart(cart, r, 0);
    ASSERT_TRUE(priced.ok());
    EXPECT_EQ(makeSaleRecord(cart, *priced, "en").taxMode, TaxMode::Exclusive);
}

TEST(Sale, CanonicalTextIsDeterministicAndIgnoresTheHashes) {
    const SaleRecord a = sampleSale();
    const SaleRecord b = sampleSale();
    EXPECT_EQ(canonicalSaleText(a), canonicalSaleText(b));
    SaleRecord rehashed = a;
    rehashed.hash = "ffff";
    rehashed.prevHash = "";
    EXPECT_EQ(canonicalSaleText(rehashed), canonicalSaleText(a));
}

// The journal's hashes depend on this exact text: a change here breaks every stored chain,
// so the format is pinned (bump "kasir-sale-v1" and migrate instead).
TEST(Sale, CanonicalTextFormatIsPinned) {
    SaleRecord sale;
    sale.saleUuid = "u-1";
    sale.storeId = "S";
    sale.kioskId = "K";
    sale.receiptNo = 3;
    sale.startedAt = -5;
    sale.endedAt = 10;
    sale.currency = currencyUsd();
    sale.language = "en";
    sale.taxMode = TaxMode::Exclusive;
    sale.lines = {SaleLine{1, 2, "c", "Caffè\nx", 2, 0, 150, 300, 50, 250, "NY", 22, ""}};
    sale.discounts = {AppliedDiscount{9, "d", 1, 50}};
    sale.taxes = {TaxLine{"NY", "tax", 88'750, 250, 22, 272}};
    Tender t;
    t.method = "cash";
    t.amount = 300;
    t.receiptLines = {"a", ""};
    sale.tenders = {t};
    sale.subtotal = 300;
    sale.discountTotal = 50;
    sale.taxTotal = 22;
    sale.total = 272;
    const std::string expected =
        "format 13:kasir-sale-v1\n"
        "saleUuid 3:u-1\n"
        "storeId 1:S\n"
        "kioskId 1:K\n"
        "receiptNo 3\n"
        "startedAt -5\n"
        "endedAt 10\n"
        "currency 3:USD\n"
        "currencyExponent 2\n"
        "language 2:en\n"
        "taxMode 9:exclusive\n"
        "lines 1\n"
        "line.lineId 1\n"
        "line.productId 2\n"
        "line.code 1:c\n"
        "line.name 8:Caffè\nx\n"  // 8 bytes: 'è' is two
        "line.quantity 2\n"
        "line.weightGrams 0\n"
        "line.unitPrice 150\n"
        "line.gross 300\n"
        "line.discount 50\n"
        "line.net 250\n"
        "line.taxClass 2:NY\n"
        "line.tax 22\n"
        "line.overrideReason 0:\n"
        "discounts 1\n"
        "discount.promotionId 9\n"
        "discount.label 1:d\n"
        "discount.lineId 1\n"
        "discount.amount 50\n"
        "taxes 1\n"
        "tax.taxClass 2:NY\n"
        "tax.name 3:tax\n"
        "tax.rate 88750\n"
        "tax.base 250\n"
        "tax.tax 22\n"
        "tax.gross 272\n"
        "tenders 1\n"
        "tender.method 4:cash\n"
        "tender.amount 300\n"
        "tender.brand 0:\n"
        "tender.maskedPan 0:\n"
        "tender.entryMode 0:\n"
        "tender.approvalCode 0:\n"
        "tender.terminalTransactionId 0:\n"
        "tender.reconciliationId 0:\n"
        "tender.receiptLines 2\n"
        "tender.receiptLine 1:a\n"
        "tender.receiptLine 0:\n"
        "subtotal 300\n"
        "discountTotal 50\n"
        "taxTotal 22\n"
        "total 272\n";
    EXPECT_EQ(canonicalSaleText(sale), expected);
}

TEST(Sale, ChangingAnySingleJournaledFieldChangesTheCanonicalText) {
    const SaleRecord base = sampleSale();
    ASSERT_FALSE(base.lines.empty());
    ASSERT_FALSE(base.discounts.empty());
    ASSERT_FALSE(base.taxes.empty());
    ASSERT_FALSE(base.tenders.empty());
    ASSERT_FALSE(base.tenders[0].receiptLines.empty());
    using Edit = std::function<void(SaleRecord&)>;
    const std::vector<std::pair<const char*, Edit>> edits = {
        {"saleUuid", [](SaleRecord& s) { s.saleUuid += "x"; }},
        {"storeId", [](SaleRecord& s) { s.storeId += "x"; }},
        {"kioskId", [](SaleRecord& s) { s.kioskId += "x"; }},
        {"receiptNo", [](SaleRecord& s) { ++s.receiptNo; }},
        {"startedAt", [](SaleRecord& s) { ++s.startedAt; }},
        {"endedAt", [](SaleRecord& s) { ++s.endedAt; }},
        {"currency code", [](SaleRecord& s) { s.currency.code[0] = 'J'; }},
        {"currency exponent", [](SaleRecord& s) { ++s.currency.exponent; }},
        {"language", [](SaleRecord& s) { s.language = "en"; }},
        {"taxMode", [](SaleRecord& s) { s.taxMode = TaxMode::Exclusive; }},
        {"line.lineId", [](SaleRecord& s) { ++s.lines[0].lineId; }},
        {"line.productId", [](SaleRecord& s) { ++s.lines[0].productId; }},
        {"line.code", [](SaleRecord& s) { s.lines[0].code += "1"; }},
        {"line.name", [](SaleRecord& s) { s.lines[0].name += "!"; }},
        {"line.quantity", [](SaleRecord& s) { ++s.lines[0].quantity; }},
        {"line.weightGrams", [](SaleRecord& s) { ++s.lines[1].weightGrams; }},
        {"line.unitPrice", [](SaleRecord& s) { ++s.lines[0].unitPrice; }},
        {"line.gross", [](SaleRecord& s) { ++s.lines[0].gross; }},
        {"line.discount", [](SaleRecord& s) { ++s.lines[0].discount; }},
        {"line.net", [](SaleRecord& s) { ++s.lines[0].net; }},
        {"line.taxClass", [](SaleRecord& s) { s.lines[0].taxClass = "X"; }},
        {"line.tax", [](SaleRecord& s) { ++s.lines[0].tax; }},
        {"line.overrideReason", [](SaleRecord& s) { s.lines[2].overrideReason += "."; }},
        {"line dropped", [](SaleRecord& s) { s.lines.pop_back(); }},
        {"lines swapped", [](SaleRecord& s) { std::swap(s.lines[0], s.lines[1]); }},
        {"discount.promotionId", [](SaleRecord& s) { ++s.discounts[0].promotionId; }},
        {"discount.label", [](SaleRecord& s) { s.discounts[0].label += "."; }},
        {"discount.lineId", [](SaleRecord& s) { ++s.discounts[0].lineId; }},
        {"discount.amount", [](SaleRecord& s) { ++s.discounts[0].amount; }},
        {"discount dropped", [](SaleRecord& s) { s.discounts.pop_back(); }},
        {"tax.taxClass", [](SaleRecord& s) { s.taxes[0].taxClass += "X"; }},
        {"tax.name", [](SaleRecord& s) { s.taxes[0].name += "X"; }},
        {"tax.rate", [](SaleRecord& s) { ++s.taxes[0].rate; }},
        {"tax.base", [](SaleRecord& s) { ++s.taxes[0].base; }},
        {"tax.tax", [](SaleRecord& s) { ++s.taxes[0].tax; }},
        {"tax.gross", [](SaleRecord& s) { ++s.taxes[0].gross; }},
        {"tender.method", [](SaleRecord& s) { s.tenders[0].method = "cash"; }},
        {"tender.amount", [](SaleRecord& s) { ++s.tenders[0].amount; }},
        {"tender.brand", [](SaleRecord& s) { s.tenders[0].brand = "MC"; }},
        {"tender.maskedPan", [](SaleRecord& s) { s.tenders[0].maskedPan += "5"; }},
        {"tender.entryMode", [](SaleRecord& s) { s.tenders[0].entryMode = "chip"; }},
        {"tender.approvalCode", [](SaleRecord& s) { s.tenders[0].approvalCode += "9"; }},
        {"tender.terminalTransactionId",
         [](SaleRecord& s) { s.tenders[0].terminalTransactionId += "9"; }},
        {"tender.reconciliationId", [](SaleRecord& s) { s.tenders[0].reconciliationId += "9"; }},
        {"tender.receiptLines", [](SaleRecord& s) { s.tenders[0].receiptLines[0] += "."; }},
        {"tender receipt line added",
         [](SaleRecord& s) { s.tenders[0].receiptLines.push_back(""); }},
        {"tender added", [](SaleRecord& s) { s.tenders.push_back(Tender{}); }},
        {"subtotal", [](SaleRecord& s) { ++s.subtotal; }},
        {"discountTotal", [](SaleRecord& s) { ++s.discountTotal; }},
        {"taxTotal", [](SaleRecord& s) { ++s.taxTotal; }},
        {"total", [](SaleRecord& s) { ++s.total; }},
    };
    const std::string original = canonicalSaleText(base);
    std::set<std::string> seen{original};
    for (const auto& [name, edit] : edits) {
        SaleRecord changed = base;
        edit(changed);
        ASSERT_NE(changed, base) << name << " did not change the record";
        const std::string text = canonicalSaleText(changed);
        EXPECT_NE(text, original) << name;
        EXPECT_TRUE(seen.insert(text).second) << name << " collides with another edit";
    }
}

TEST(Sale, CanonicalTextHasNoAmbiguousFieldBoundaries) {
    SaleRecord a = sampleSale();
    SaleRecord b = a;
    a.storeId = "ab";
    a.kioskId = "c";
    b.storeId = "a";
    b.kioskId = "bc";
    EXPECT_NE(canonicalSaleText(a), canonicalSaleText(b));

    // A name that spells out the next fields cannot forge them.
    SaleRecord forged = sampleSale();
    forged.lines[0].name += "\nline.quantity 3\n";
    EXPECT_NE(canonicalSaleText(forged), canonicalSaleText(sampleSale()));
    SaleRecord moved = sampleSale();
    moved.lines[0].name = "x";
    moved.lines[0].code = moved.lines[0].code + "\nline.name 1:x";
    SaleRecord plain = sampleSale();
    plain.lines[0].name = "x";
    EXPECT_NE(canonicalSaleText(moved), canonicalSaleText(plain));

    // Receipt lines moved from one tender to the next are a different sale.
    SaleRecord one = sampleSale();
    one.tenders.push_back(Tender{});
    SaleRecord two = one;
    two.tenders[1].receiptLines.push_back(two.tenders[0].receiptLines.back());
    two.tenders[0].receiptLines.pop_back();
    EXPECT_NE(canonicalSaleText(one), canonicalSaleText(two));
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

size_t codePoints(const std::string& s) {
    size_t n = 0;
    for (char ch : s)
        n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    return n;
}

void expectFits(const std::string& text, size_t columns) {
    for (const std::string& line : linesOf(text)) {
        EXPECT_LE(codePoints(line), columns) << "'" << line << "'";
        EXPECT_EQ(line.find('\r'), std::string::npos);
    }
}

TEST(Sale, ReceiptFitsThirtyTwoAndFortyEightColumns) {
    SaleRecord sale = sampleSale();
    sale.lines[1].name =
        "Pomodorini datterini siciliani biologici in vaschetta — città di Pachino, qualità extra";
    sale.discounts[0].label = "Promozione speciale: prendi tre paghi due sul Parmigiano più buono";
    sale.tenders[0].receiptLines.push_back(std::string(70, '*'));
    for (const char* language : {"id", "en"}) {
        sale.language = language;
        for (int columns : {32, 48}) {
            const std::string text =
                receiptText(sale, "Toko Serba Ada — Cabang Kemang Raya", columns);
            expectFits(text, static_cast<size_t>(columns));
            EXPECT_GT(linesOf(text).size(), 20u);
            // Words of long names survive wrapping, accents included.
            EXPECT_NE(text.find("qualità"), std::string::npos);
            EXPECT_NE(text.find("città"), std::string::npos);
            EXPECT_NE(text.find("Parmigiano"), std::string::npos);
        }
    }
}

TEST(Sale, ReceiptShowsEverySectionInOrder) {
    const SaleRecord sale = sampleSale("id");
    const std::string text = receiptText(sale, "Toko Serba Ada", 48, 7 * 60);
    const std::vector<std::string> expectedInOrder = {
        "Toko Serba Ada",
        "Struk 42",
        "Toko JKT-01",
        "Kios K2",
        "2024-06-11 14:32:05",  // 07:32:05 UTC in Jakarta (UTC+7)
        "Parmigiano Reggiano DOP",
        "3 x Rp 12.500",
        "Rp 37.500",
        "Beli 3 bayar 2 keju Parmigiano",
        "-Rp 12.500",
        "Pisang Cavendish",
        "1,234 kg x Rp 25.999/kg",
        "Rp 32.083",
        "Diskon 10% pisang",
        "-Rp 3.208",
        "Birra Moretti",
        "Rp 7.000",
        "Harga diubah: kemasan rusak",
        "Subtotal",
        "Rp 76.583",
        "Anda hemat",
        "-Rp 15.708",
        "Termasuk pajak",
        "Bebas PPN",
        "DPP Rp 28.875",
        "Pajak Rp 0",
        "PPN 11%",
        "DPP Rp 28.829",
        "Pajak Rp 3.171",
        "TOTAL",
        "Rp 60.875",
        "Kartu VISA",
        "************1234",
        "Kode otorisasi A1B2C3",
        "TERMINAL ID 12345678   MERCHANT 0042",  // the terminal's spacing kept when it fits
        "CARDHOLDER COPY",
        "Kode cek 0123456789abcdef\n",
        "Sebelumnya fedcba9876543210\n",
    };
    size_t at = 0;
    for (const std::string& piece : expectedInOrder) {
        const size_t found = text.find(piece, at);
        ASSERT_NE(found, std::string::npos) << "missing or out of order: " << piece << "\n" << text;
        at = found + piece.size();
    }
    EXPECT_EQ(text.find("0123456789abcdef0"), std::string::npos);  // only 16 hex of the hash
    EXPECT_EQ(text.find("ABCDEF"), std::string::npos);
}

TEST(Sale, ReceiptInEnglishUsesDotsForWeights) {
    const std::string text = receiptText(sampleSale("en"), "Shop", 48);
    EXPECT_NE(text.find("Receipt 42"), std::string::npos);
    EXPECT_NE(text.find("1.234 kg x Rp 25.999/kg"), std::string::npos);
    EXPECT_NE(text.find("You saved"), std::string::npos);
    EXPECT_NE(text.find("Approval A1B2C3"), std::string::npos);
    EXPECT_NE(text.find("Check 0123456789abcdef"), std::string::npos);
    EXPECT_NE(text.find("2024-06-11 07:32:05"), std::string::npos);  // UTC without an offset
}

TEST(Sale, ReceiptShowsChangeForCashAndExclusiveTax) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(product(1, 499, "NY", "Bagel", "Bagel"), "1", 3).ok());
    PricingRules r;
    r.currency = currencyUsd();
    r.tax.mode = TaxMode::Exclusive;
    r.tax.classes = {TaxClass{"NY", "NYC 8.875%", 88'750}};
    auto priced = priceCart(cart, r, 0);
    ASSERT_TRUE(priced.ok());
    SaleRecord sale = makeSaleRecord(cart, *priced, "en");
    Tender cash;
    cash.method = "cash";
    cash.amount = 2'000;
    sale.tenders.push_back(cash);
    const std::string text = receiptText(sale, "Bagel Corner", 32);
    expectFits(text, 32);
    // 3 x $4.99 = $14.97; tax 1.3286... -> $1.33; total $16.30; change from $20.00 $3.70.
    EXPECT_NE(text.find("3 x $4.99"), std::string::npos) << text;
    EXPECT_NE(text.find("Tax\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Tax $1.33"), std::string::npos) << text;
    EXPECT_NE(text.find("$16.30"), std::string::npos) << text;
    EXPECT_NE(text.find("Cash"), std::string::npos) << text;
    EXPECT_NE(text.find("Change"), std::string::npos) << text;
    EXPECT_NE(text.find("$3.70"), std::string::npos) << text;
    EXPECT_NE(text.find("Check -"), std::string::npos) << text;  // not journaled yet
}

TEST(Sale, ReceiptCleansNamesAndCutsWordsLongerThanALine) {
    SaleRecord sale = sampleSale("en");
    sale.lines[0].name = "Line\nbreak\tand\x01 control \xff\xfe bytes " + std::string(80, 'W');
    sale.lines[2].name = "àèìòù" + std::string(40, 'x') + "é";
    for (int columns : {32, 48}) {
        const std::string text = receiptText(sale, std::string(100, 'S'), columns);
        expectFits(text, static_cast<size_t>(columns));
        EXPECT_EQ(text.find('\t'), std::string::npos);
        EXPECT_EQ(text.find('\x01'), std::string::npos);
        EXPECT_EQ(text.find('\xff'), std::string::npos);
        EXPECT_NE(text.find("Line break and"), std::string::npos) << text;
        EXPECT_NE(text.find("àèìòù"), std::string::npos);  // cut between code points only
    }
}

}  // namespace
}  // namespace kiosk
