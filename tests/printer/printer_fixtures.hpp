// Sales for the printer tests: a 30-line sale with weighed and multi-unit items, discounts,
// two tax rates and a card tender with the terminal's receipt lines.
#pragma once

#include <string>

#include "kiosk/core/money.hpp"
#include "kiosk/core/sale.hpp"

namespace kiosk::devices::printer::testing {

inline SaleRecord thirtyLineSale(const std::string& language = "en") {
    static const char* kNames[] = {
        "Crème brûlée",     "Indomie Goreng",
        "Teh Botol Sosro",  "Aqua 600ml",
        "Roti Tawar Sari",  "Kopi Kapal Api",
        "Łódź pierogi",     "Gula Pasir 1kg",
        "Minyak Goreng 2L", "Susu UHT Coklat",
        "Keju Kraft",       "Mentega Blue Band",
        "Sabun Lifebuoy",   "Pasta Gigi Pepsodent Whitening Extra Fresh Mint",
        "Tisu Paseo",       "Beras Pandan Wangi",
        "Telur Ayam 10",    "Kecap Bango",
        "Saus Sambal ABC",  "Chitato Sapi Panggang",
        "Oreo Vanilla",     "Pocari Sweat",
        "Yakult 5",         "Sari Roti Coklat",
        "Bumbu Racik",      "Mie Sedaap Soto",
        "Ultra Milk 1L",    "Bear Brand",
        "Pisang Cavendish", "寿司 Sushi roll"};
    SaleRecord s;
    s.saleUuid = "0b6f3c1e-5d2a-4c4e-9a51-2f7f1d3c9e10";
    s.storeId = "demo";
    s.kioskId = "kiosk-1";
    s.receiptNo = 4711;
    s.startedAt = 1'718'000'000'000;
    s.endedAt = 1'718'000'300'000;
    s.currency = currencyIdr();
    s.language = language;
    s.taxMode = TaxMode::Inclusive;
    int64_t subtotal = 0;
    for (int i = 0; i < 30; ++i) {
        SaleLine l;
        l.lineId = i + 1;
        l.productId = 100 + i;
        l.code = "899" + std::to_string(1000000000 + i);
        l.name = kNames[i];
        l.unitPrice = 1500 + 750 * i;
        if (i == 28) {  // weighed bananas
            l.weightGrams = 1234;
            l.unitPrice = 18000;
            l.gross = 22212;
        } else {
            l.quantity = i % 7 == 3 ? 3 : 1;
            l.gross = l.unitPrice * l.quantity;
        }
        l.discount = (i == 1 || i == 20) ? 500 : 0;
        l.net = l.gross - l.discount;
        l.taxClass = i % 2 ? "PPN" : "PPN0";
        if (i == 5)
            l.overrideReason = "damaged box";
        subtotal += l.gross;
        s.lines.push_back(l);
    }
    s.discounts = {{1, "Promo Indomie", 2, 500}, {2, "Buy 2 Oreo", 21, 500}};
    s.subtotal = subtotal;
    s.discountTotal = 1000;
    s.total = subtotal - 1000;
    const int64_t taxable = s.total / 2;
    s.taxes = {
        {"PPN", "PPN 11%", 1100, taxable * 100 / 111, taxable - taxable * 100 / 111, taxable},
        {"PPN0", "Bebas PPN", 0, s.total - taxable, 0, s.total - taxable}};
    s.taxTotal = s.taxes[0].tax;
    Tender t;
    t.method = "card";
    t.amount = s.total;
    t.brand = "VISA";
    t.maskedPan = "**** **** **** 4242";
    t.entryMode = "contactless";
    t.approvalCode = "A1B2C3";
    t.terminalTransactionId = "T-0001";
    t.receiptLines = {"TERMINAL 12345678", "AID A0000000031010", "  SALE      APPROVED"};
    s.tenders.push_back(t);
    s.prevHash = "9f2c4e1d0a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d";
    s.hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    return s;
}

}  // namespace kiosk::devices::printer::testing
