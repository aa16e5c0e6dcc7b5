// GS1 interpretation: published examples (GS1 General Specifications, GS1 Digital Link
// standard, GS1 barcode examples) and every kind of damaged input.
#include "kiosk/core/gs1.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "kiosk/core/gtin.hpp"

namespace kiosk {
namespace {

// Appends the GS1 check digit (gtin.hpp's, tested in core_tests).
std::string withCheck(std::string body) {
    return body + static_cast<char>('0' + gtinCheckDigit(body));
}

VariableMeasureRules euroRules() {
    VariableMeasureRules r;
    r.currencyDecimals = 2;
    r.currencyNumeric = "978";
    r.layouts.push_back(*parseVariableMeasureLayout("21 IIIII V PPPP C", 2));
    r.layouts.push_back(*parseVariableMeasureLayout("22 IIIII PPPPP C", 2));
    r.layouts.push_back(*parseVariableMeasureLayout("28 IIIII WWWWW C", 3));
    r.layouts.push_back(*parseVariableMeasureLayout("02 IIIII V PPPP C", 2));  // UPC-A NS 2
    r.layouts.push_back(*parseVariableMeasureLayout("23 IIII V WWWWW C", 3));
    return r;
}

const VariableMeasureRules kNone{};

// --- price verifier (GS1 7.9.3) ---------------------------------------------------------------

TEST(PriceVerifier, FourDigitPublishedExample) {
    EXPECT_EQ(priceVerifierDigit("2875"), 9);  // GS1 General Specifications example
}

TEST(PriceVerifier, FiveDigitPublishedExample) {
    EXPECT_EQ(priceVerifierDigit("14685"), 6);  // GS1 General Specifications example
}

TEST(PriceVerifier, FourDigitMatchesWeightingTables) {
    // Weighted products written out from the definitions: 2- is 2d with tens subtracted
    // from units, 3 is 3d, 5- is 5d with tens subtracted, all modulo 10.
    auto w2m = [](int d) { return ((2 * d) % 10 - (2 * d) / 10 + 10) % 10; };
    auto w3 = [](int d) { return (3 * d) % 10; };
    auto w5m = [](int d) { return ((5 * d) % 10 - (5 * d) / 10 + 10) % 10; };
    for (int v = 0; v < 10000; ++v) {
        const std::string s = fmt::format("{:04d}", v);
        const int sum = w2m(s[0] - '0') + w2m(s[1] - '0') + w3(s[2] - '0') + w5m(s[3] - '0');
        ASSERT_EQ(priceVerifierDigit(s), sum * 3 % 10) << s;
    }
}

TEST(PriceVerifier, FiveDigitMatchesWeightingTables) {
    auto w2m = [](int d) { return ((2 * d) % 10 - (2 * d) / 10 + 10) % 10; };
    auto w5p = [](int d) { return ((5 * d) % 10 + (5 * d) / 10) % 10; };
    auto w5m = [](int d) { return ((5 * d) % 10 - (5 * d) / 10 + 10) % 10; };
    for (int v = 0; v < 100000; ++v) {
        const std::string s = fmt::format("{:05d}", v);
        const int sum =
            w5p(s[0] - '0') + w2m(s[1] - '0') + w5m(s[2] - '0') + w5p(s[3] - '0') + w2m(s[4] - '0');
        const int c = priceVerifierDigit(s);
        ASSERT_GE(c, 0);
        // The verifier's 5- product completes the sum to a multiple of ten.
        ASSERT_EQ((sum + w5m(c)) % 10, 0) << s;
    }
}

TEST(PriceVerifier, DetectsEverySingleDigitError) {
    for (int v = 0; v < 10000; v += 7) {
        const std::string s = fmt::format("{:04d}", v);
        const int c = priceVerifierDigit(s);
        for (size_t pos = 0; pos < 4; ++pos)
            for (char d = '0'; d <= '9'; ++d) {
                if (d == s[pos])
                    continue;
                std::string t = s;
                t[pos] = d;
                EXPECT_NE(priceVerifierDigit(t), c) << s << " -> " << t;
            }
    }
}

TEST(PriceVerifier, RejectsWrongLengthsAndNonDigits) {
    EXPECT_EQ(priceVerifierDigit("123"), -1);
    EXPECT_EQ(priceVerifierDigit("123456"), -1);
    EXPECT_EQ(priceVerifierDigit("12a4"), -1);
    EXPECT_EQ(priceVerifierDigit(""), -1);
}

// --- layouts ----------------------------------------------------------------------------------

TEST(VariableMeasureLayout, ParsesPatterns) {
    auto l = parseVariableMeasureLayout("21 IIIII V PPPP C", 2);
    ASSERT_TRUE(l.ok()) << l.error().message;
    EXPECT_EQ(l->prefix, "21");
    EXPECT_EQ(l->itemDigits, 5);
    EXPECT_TRUE(l->verifier);
    EXPECT_EQ(l->valueDigits, 4);
    EXPECT_EQ(l->measure, MeasureKind::Price);
    EXPECT_EQ(l->decimals, 2);

    auto w = parseVariableMeasureLayout("28IIIIIWWWWWC", 3);
    ASSERT_TRUE(w.ok()) << w.error().message;
    EXPECT_EQ(w->measure, MeasureKind::Weight);
    EXPECT_FALSE(w->verifier);
    EXPECT_EQ(w->valueDigits, 5);
}

TEST(VariableMeasureLayout, RejectsBadPatterns) {
    EXPECT_FALSE(parseVariableMeasureLayout("21 IIIII PPPP C", 2).ok());    // 12 digits
    EXPECT_FALSE(parseVariableMeasureLayout("21 IIIII V PPP CC", 2).ok());  // two checks
    EXPECT_FALSE(parseVariableMeasureLayout("21 IIII V PPPPP", 2).ok());    // no check digit
    EXPECT_FALSE(parseVariableMeasureLayout("21 III V PPPPPP C", 2).ok());  // verifier on 6
    EXPECT_FALSE(parseVariableMeasureLayout("31 IIIII PPPPP C", 2).ok());   // not restricted
    EXPECT_FALSE(parseVariableMeasureLayout("2 IIIIII PPPPP C", 2).ok());   // prefix too short
    EXPECT_FALSE(parseVariableMeasureLayout("21 IIIII X PPPP C", 2).ok());  // unknown letter
    EXPECT_FALSE(parseVariableMeasureLayout("28 IIIII WWWWW C", 4).ok());   // sub-gram
    EXPECT_FALSE(parseVariableMeasureLayout("", 0).ok());
}

TEST(VariableMeasureRules, ValidateChecksCurrencyDecimalsAndDuplicates) {
    VariableMeasureRules r = euroRules();
    EXPECT_TRUE(validateRules(r).ok());
    r.currencyDecimals = 0;  // IDR: a price with 2 decimals cannot be stored exactly
    EXPECT_FALSE(validateRules(r).ok());
    r = euroRules();
    r.layouts.push_back(r.layouts.front());
    EXPECT_FALSE(validateRules(r).ok());
    r = euroRules();
    r.currencyNumeric = "EUR";
    EXPECT_FALSE(validateRules(r).ok());
}

TEST(VariableMeasureKey, ZeroesValueAndRecomputesCheck) {
    const auto l = *parseVariableMeasureLayout("21 IIIII V PPPP C", 2);
    const std::string key = variableMeasureKey(withCheck("211234592875"), l);
    EXPECT_EQ(key, "0" + withCheck("211234500000"));
    EXPECT_TRUE(isValidGtin(key));
}

// --- plain GTINs ------------------------------------------------------------------------------

TEST(InterpretScan, Ean13FromCamera) {
    auto r = interpretScan("4006381333931", "EAN-13", kNone);  // DOMAIN.md example
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::Gtin);
    EXPECT_EQ(r->gtin14, "04006381333931");
    EXPECT_EQ(r->symbology, Symbology::Ean13);
    EXPECT_TRUE(r->scannedGtin14.empty());
}

TEST(InterpretScan, Ean13WithAimPrefixAndLineEnding) {
    auto r = interpretScan("]E05901234123457\r\n", "", kNone);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->aimId, "]E0");
    EXPECT_EQ(r->data, "5901234123457");
    EXPECT_EQ(r->gtin14, "05901234123457");
}

TEST(InterpretScan, WrongCheckDigitIsRefusedInPlainWords) {
    for (const char* raw : {"5901234123458", "]E05901234123450", "96385075", "]E496385070"}) {
        auto r = interpretScan(raw, "", kNone);
        ASSERT_FALSE(r.ok()) << raw;
        EXPECT_NE(r.error().message.find("check digit"), std::string::npos) << raw;
        EXPECT_NE(r.error().message.find("scan it again"), std::string::npos) << raw;
    }
}

TEST(InterpretScan, Ean8) {
    auto r = interpretScan("]E496385074", "", kNone);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->symbology, Symbology::Ean8);
    EXPECT_EQ(r->gtin14, "00000096385074");
    // An EAN-8 symbology with 13 digits is a misread, not a product.
    EXPECT_FALSE(interpretScan("]E44006381333931", "", kNone).ok());
}

TEST(InterpretScan, UpcA) {
    auto r = interpretScan("036000291452", "UPC-A", kNone);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->symbology, Symbology::UpcA);
    EXPECT_EQ(r->gtin14, "00036000291452");
}

TEST(InterpretScan, UpcEIsExpanded) {
    // DOMAIN.md: UPC-E 0425261 expands to UPC-A 042100005264.
    auto cam = interpretScan("04252614", "UPC-E", kNone);
    ASSERT_TRUE(cam.ok()) << cam.error().message;
    EXPECT_EQ(cam->gtin14, "00042100005264");
    // A hand scanner sends UPC-E under ]E0 as 8 digits.
    auto hand = interpretScan("]E004252614", "", kNone);
    ASSERT_TRUE(hand.ok()) << hand.error().message;
    EXPECT_EQ(hand->gtin14, "00042100005264");
    EXPECT_FALSE(interpretScan("04252615", "UPC-E", kNone).ok());  // wrong check digit
}

TEST(InterpretScan, AddOnsFromCameraAndHandScanner) {
    auto cam = interpretScan("9771234567003 05", "EAN-13", kNone);
    ASSERT_TRUE(cam.ok()) << cam.error().message;
    EXPECT_EQ(cam->gtin14, "09771234567003");
    EXPECT_EQ(cam->addOn, "05");
    auto hand = interpretScan("]E3978020137962451000", "", kNone);
    ASSERT_TRUE(hand.ok()) << hand.error().message;
    EXPECT_EQ(hand->gtin14, "09780201379624");
    EXPECT_EQ(hand->addOn, "51000");
    auto alone = interpretScan("]E251000", "", kNone);
    ASSERT_TRUE(alone.ok());
    EXPECT_EQ(alone->kind, ScanKind::Other);
    EXPECT_EQ(alone->addOn, "51000");
    EXPECT_FALSE(interpretScan("9771234567003 0X", "EAN-13", kNone).ok());
    EXPECT_FALSE(interpretScan("9771234567003 123", "EAN-13", kNone).ok());
}

TEST(InterpretScan, NonDigitsInAnEanAreAMisread) {
    EXPECT_FALSE(interpretScan("59012341A3457", "EAN-13", kNone).ok());
    EXPECT_FALSE(interpretScan("]E0590123412345", "", kNone).ok());  // 12 digits, bad check
}

TEST(InterpretScan, BareDigitsWithoutSymbology) {
    auto r = interpretScan("09506000134352", "", kNone);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->kind, ScanKind::Gtin);
    EXPECT_EQ(r->gtin14, "09506000134352");
    // Digits of no GTIN length are some other code (a loyalty number), not a product.
    auto other = interpretScan("12345", "", kNone);
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(other->kind, ScanKind::Other);
    EXPECT_TRUE(other->gtin14.empty());
}

TEST(InterpretScan, EmptyControlAndOverlongInputIsRefused) {
    EXPECT_FALSE(interpretScan("", "", kNone).ok());
    EXPECT_FALSE(interpretScan("\r\n", "", kNone).ok());
    EXPECT_FALSE(interpretScan("]E0", "", kNone).ok());
    EXPECT_FALSE(interpretScan(std::string("590123\0", 7), "", kNone).ok());
    EXPECT_FALSE(interpretScan(std::string(5000, '1'), "", kNone).ok());
    auto r = interpretScan("abc\x01", "", kNone);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("unreadable"), std::string::npos);
}

// --- variable measure -------------------------------------------------------------------------

TEST(InterpretScan, VariableMeasurePriceWithFourDigitVerifier) {
    const std::string label = withCheck(
        "21123459"
        "2875");  // item 12345, EUR 28.75
    auto r = interpretScan(label, "EAN-13", euroRules());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::VariableMeasurePrice);
    EXPECT_EQ(r->priceMinor, 2875);
    EXPECT_EQ(r->gtin14, "0" + withCheck("211234500000"));
    EXPECT_EQ(r->scannedGtin14, "0" + label);
    EXPECT_FALSE(r->weightGrams);
}

TEST(InterpretScan, VariableMeasureWrongVerifierIsRefused) {
    // A valid EAN check digit but a verifier that does not match the price: a misread price.
    const std::string label = withCheck(
        "21123458"
        "2875");
    ASSERT_TRUE(isValidGtin(label));
    auto r = interpretScan(label, "EAN-13", euroRules());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("price"), std::string::npos);
}

TEST(InterpretScan, VariableMeasurePriceWithoutVerifier) {
    auto r = interpretScan(withCheck("221234501999"), "", euroRules());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::VariableMeasurePrice);
    EXPECT_EQ(r->priceMinor, 1999);
    EXPECT_EQ(r->gtin14, "0" + withCheck("221234500000"));
}

TEST(InterpretScan, VariableMeasureWeight) {
    auto r = interpretScan(withCheck("280001201250"), "EAN-13", euroRules());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::VariableMeasureWeight);
    EXPECT_EQ(r->weightGrams, 1250);
    EXPECT_EQ(r->gtin14, "0" + withCheck("280001200000"));
}

TEST(InterpretScan, VariableMeasureWeightWithFiveDigitVerifier) {
    const std::string label = withCheck(
        "23123"
        "4"
        "6"
        "14685");
    auto r = interpretScan(label, "EAN-13", euroRules());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::VariableMeasureWeight);
    EXPECT_EQ(r->weightGrams, 14685);
    const std::string bad = withCheck(
        "23123"
        "4"
        "7"
        "14685");
    EXPECT_FALSE(interpretScan(bad, "EAN-13", euroRules()).ok());
}

TEST(InterpretScan, UpcNumberSystemTwoIsVariableMeasure) {
    // UPC-A "2 IIIII V PPPP C": on its 13-digit form the prefix is 02.
    const std::string body =
        "2"
        "12345" +
        std::to_string(priceVerifierDigit("0499")) + "0499";
    const std::string upca = withCheck(body);
    ASSERT_EQ(upca.size(), 12u);
    auto r = interpretScan(upca, "UPC-A", euroRules());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::VariableMeasurePrice);
    EXPECT_EQ(r->priceMinor, 499);
    EXPECT_EQ(r->gtin14, "0" + withCheck("021234500000"));
}

TEST(InterpretScan, RestrictedPrefixWithoutLayoutIsAPlainStoreCode) {
    const std::string label = withCheck("201234567890");
    auto r = interpretScan(label, "EAN-13", euroRules());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->kind, ScanKind::Gtin);
    EXPECT_EQ(r->gtin14, "0" + label);
    EXPECT_TRUE(isRestrictedCirculation(r->gtin14));
}

TEST(InterpretScan, VariableMeasurePriceInWholeCurrencyUnits) {
    VariableMeasureRules idr;
    idr.currencyDecimals = 0;
    idr.layouts.push_back(*parseVariableMeasureLayout("25 IIII PPPPPP C", 0));
    auto r = interpretScan(withCheck("250042012500"), "", idr);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->priceMinor, 12500);
    EXPECT_EQ(r->gtin14, "0" + withCheck("250042000000"));
}

TEST(InterpretScan, LongestPrefixWins) {
    VariableMeasureRules r = euroRules();
    r.layouts.push_back(*parseVariableMeasureLayout("219 IIII PPPPP C", 2));
    auto s = interpretScan(withCheck("219123400750"), "", r);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->priceMinor, 750);
    EXPECT_EQ(s->gtin14, "0" + withCheck("219123400000"));
}

// --- element strings --------------------------------------------------------------------------

TEST(ElementString, Gs1_128WithFnc1Separators) {
    // GS1 General Specifications style: GTIN, expiry, batch (variable, GS), serial.
    const std::string raw =
        "]C10109506000134352"
        "17201225"
        "10ABC123\x1d"
        "21XYZ";
    auto r = interpretScan(raw, "", kNone);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::Gs1ElementString);
    EXPECT_EQ(r->symbology, Symbology::Gs1_128);
    EXPECT_EQ(r->gtin14, "09506000134352");
    EXPECT_EQ(r->expiry, "201225");
    EXPECT_EQ(r->batch, "ABC123");
    EXPECT_EQ(r->serial, "XYZ");
    EXPECT_EQ(toHumanReadable(r->elements), "(01)09506000134352(17)201225(10)ABC123(21)XYZ");
}

TEST(ElementString, HumanReadableForm) {
    auto e = parseElementString("(01)09506000134352(10)AB(C)1(17)251231");
    ASSERT_TRUE(e.ok()) << e.error().message;
    ASSERT_EQ(e->size(), 3u);
    EXPECT_EQ((*e)[1].value, "AB(C)1");  // brackets that are no AI stay in the value
    EXPECT_EQ((*e)[2].value, "251231");
}

TEST(ElementString, DataBarExpandedWeightAndPrice) {
    // Fresh food: variable-measure GTIN (indicator 9), net weight 1.250 kg, price 4.99.
    auto r = interpretScan(
        "0199506000134355"
        "3103001250"
        "3922499",
        "DataBarExpanded", euroRules());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->gtin14, "99506000134355");
    EXPECT_EQ(r->weightGrams, 1250);
    EXPECT_EQ(r->priceMinor, 499);
}

TEST(ElementString, PoundsAndRoundedKilograms) {
    auto lb = interpretScan(
        "]C1"
        "3202000100",
        "", kNone);  // 1.00 lb
    ASSERT_TRUE(lb.ok()) << lb.error().message;
    EXPECT_EQ(lb->weightGrams, 454);  // 453.59 g
    auto kg = interpretScan(
        "]C1"
        "3105012345",
        "", kNone);  // 0.12345 kg
    ASSERT_TRUE(kg.ok()) << kg.error().message;
    EXPECT_EQ(kg->weightGrams, 123);
}

TEST(ElementString, APriceTooLargeForMinorUnitsIsRefusedNotWrapped) {
    // 15 price digits scaled to a 4-decimal currency pass int64: refused, never a wrapped
    // (negative or arbitrary) amount.
    VariableMeasureRules rules;
    rules.currencyDecimals = 4;
    auto r = interpretScan(
        "]C1"
        "3920"
        "999999999999999",
        "", rules);
    EXPECT_FALSE(r.ok()) << (r.ok() && r->priceMinor ? *r->priceMinor : 0);
    auto fits = interpretScan(
        "]C1"
        "3922"
        "1234",
        "", rules);
    ASSERT_TRUE(fits.ok()) << fits.error().message;
    EXPECT_EQ(fits->priceMinor, 123400);
}

TEST(ElementString, PriceWithIsoCurrency) {
    auto r = interpretScan(
        "]C1"
        "3932978"
        "1234",
        "", euroRules());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->priceCurrency, "978");
    EXPECT_EQ(r->priceMinor, 1234);
    auto foreign = interpretScan(
        "]C1"
        "3932840"
        "1234",
        "", euroRules());
    ASSERT_FALSE(foreign.ok());
    EXPECT_NE(foreign.error().message.find("another currency"), std::string::npos);
    // A kiosk that was not told its currency's ISO number cannot tell a local price from a
    // foreign one: charging USD 12.34 as EUR 12.34 is a wrong charge, so it refuses.
    auto unknown = interpretScan(
        "]C1"
        "3932840"
        "1234",
        "", kNone);
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("840"), std::string::npos);
    // Three decimals do not fit a two-decimal currency unless exact.
    auto exact = interpretScan(
        "]C1"
        "39231230",
        "", euroRules());
    ASSERT_TRUE(exact.ok());
    EXPECT_EQ(exact->priceMinor, 123);
    EXPECT_FALSE(interpretScan("]C1"
                               "39231234",
                               "", euroRules())
                     .ok());
}

TEST(ElementString, Coupon8110) {
    auto r = interpretScan(
        "]e0"
        "8110106141416543213500110000310123196000",
        "", kNone);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->coupon, "106141416543213500110000310123196000");
    EXPECT_TRUE(r->gtin14.empty());
}

TEST(ElementString, GS1QrAndDataMatrix) {
    for (const char* aim : {"]Q3", "]d2"}) {
        auto r = interpretScan(std::string(aim) + "010950600013435217261231", "", kNone);
        ASSERT_TRUE(r.ok()) << aim << r.error().message;
        EXPECT_EQ(r->gtin14, "09506000134352");
        EXPECT_EQ(r->expiry, "261231");
    }
}

TEST(ElementString, DataBarOmniBareGtin) {
    auto r = interpretScan("09506000134352", "DataBar", kNone);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::Gtin);
    EXPECT_EQ(r->gtin14, "09506000134352");
    EXPECT_FALSE(interpretScan("09506000134353", "DataBar", kNone).ok());
}

TEST(ElementString, RejectsDamagedData) {
    const char* cases[] = {
        "]C10109506000134353",          // wrong GTIN check digit
        "]C1010950600013435",           // GTIN one digit short
        "]C1010950600013435217201332",  // month 13
        "]C1010950600013435217230229",  // 29 Feb in a non-leap year
        "]C1010950600013435217200431",  // 31 April
        "]C10109506000134352"
        "10"
        "ABCDEFGHIJKLMNOPQRSTU",  // batch over 20
        "]C10109506000134352"
        "10\x1d",  // empty batch
        "]C1"
        "77"
        "123",  // unknown AI
        "]C1"
        "3103"
        "12A456",  // weight not numeric
        "]C1"
        "3106"
        "123456",  // 6 decimals in a weight
    };
    for (size_t i = 0; i < std::size(cases); ++i)
        EXPECT_FALSE(interpretScan(cases[i], "", kNone).ok()) << i;
    EXPECT_FALSE(parseElementString("").ok());
    EXPECT_FALSE(parseElementString("]C0"
                                    "0109506000134352")
                     .ok());  // not GS1 data
    EXPECT_FALSE(parseElementString("(01").ok());
    EXPECT_FALSE(parseElementString("(99").ok());
    EXPECT_FALSE(parseElementString("(77)12").ok());
    EXPECT_FALSE(parseElementString("x(01)09506000134352").ok());
    EXPECT_FALSE(parseElementString("(10)a\x1d"
                                    "b")
                     .ok());  // GS is no GS1 character
}

TEST(ElementString, LeapDayAndEndOfMonth) {
    EXPECT_TRUE(isValidGs1Date("240229"));
    EXPECT_TRUE(isValidGs1Date("000229"));  // 2000 was a leap year
    EXPECT_FALSE(isValidGs1Date("250229"));
    EXPECT_TRUE(isValidGs1Date("251200"));  // day 00: end of month
    EXPECT_FALSE(isValidGs1Date("250001"));
    EXPECT_FALSE(isValidGs1Date("25011"));
    EXPECT_FALSE(isValidGs1Date("2501x1"));
}

TEST(ElementString, Code128WithoutFnc1IsNotGs1) {
    auto r = interpretScan("]C0LOYALTY-000123", "", kNone);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->kind, ScanKind::Other);
    EXPECT_EQ(r->symbology, Symbology::Code128);
    EXPECT_EQ(r->data, "LOYALTY-000123");
}

TEST(ElementString, UnknownSymbologyWithSeparatorsIsTried) {
    auto r = interpretScan(
        "0109506000134352"
        "10LOT7\x1d"
        "17270101",
        "", kNone);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::Gs1ElementString);
    EXPECT_EQ(r->batch, "LOT7");
    auto hri = interpretScan("(01)09506000134352(21)12345", "", kNone);
    ASSERT_TRUE(hri.ok());
    EXPECT_EQ(hri->serial, "12345");
}

// --- Digital Link -----------------------------------------------------------------------------

TEST(DigitalLink, PublishedExample) {
    // GS1 Digital Link standard: https://id.gs1.org/01/09506000134352/10/ABC/21/12345?17=...
    auto r = interpretScan("https://id.gs1.org/01/09506000134352/10/ABC/21/12345?17=261231",
                           "QRCode", kNone);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::DigitalLink);
    EXPECT_EQ(r->gtin14, "09506000134352");
    EXPECT_EQ(r->batch, "ABC");
    EXPECT_EQ(r->serial, "12345");
    EXPECT_EQ(r->expiry, "261231");
}

TEST(DigitalLink, AnyDomainPathPrefixShortGtinAndPercentDecoding) {
    auto e = parseDigitalLink(
        "HTTPS://shop.example.com/products/dl/01/9506000134352/10/A%2FB%2a?linkType=gs1:pip&"
        "3103=000500#top");
    ASSERT_TRUE(e.ok()) << e.error().message;
    ASSERT_EQ(e->size(), 3u);
    EXPECT_EQ((*e)[0].value, "09506000134352");
    EXPECT_EQ((*e)[1].value, "A/B*");
    EXPECT_EQ((*e)[2].ai, "3103");
}

TEST(DigitalLink, RejectsBrokenLinks) {
    EXPECT_FALSE(parseDigitalLink("https://id.gs1.org/01/09506000134353").ok());  // check digit
    EXPECT_FALSE(parseDigitalLink("https://id.gs1.org/01/0950600013435").ok());   // 13 bad
    EXPECT_FALSE(parseDigitalLink("https://id.gs1.org/01/09506000134352/10").ok());
    EXPECT_FALSE(parseDigitalLink("https://id.gs1.org/01/09506000134352/10/A%G1").ok());
    EXPECT_FALSE(parseDigitalLink("https://id.gs1.org/01/09506000134352/10/A%2").ok());
    EXPECT_FALSE(parseDigitalLink("https://id.gs1.org/01/09506000134352?17=201399").ok());
    EXPECT_FALSE(parseDigitalLink("https://id.gs1.org/01/09506000134352/17/201231").ok());
    EXPECT_FALSE(parseDigitalLink("https://id.gs1.org/01/09506000134352?01=09506000134352").ok());
    EXPECT_FALSE(parseDigitalLink("https://example.com/about").ok());
    EXPECT_FALSE(parseDigitalLink("ftp://id.gs1.org/01/09506000134352").ok());
    EXPECT_FALSE(parseDigitalLink("https:///01/09506000134352").ok());
}

TEST(DigitalLink, AnOrdinaryUrlIsOther) {
    auto r = interpretScan("https://example.com/menu?table=4", "QRCode", kNone);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->kind, ScanKind::Other);
    // But a link that claims a product with a wrong check digit is refused.
    EXPECT_FALSE(interpretScan("https://id.gs1.org/01/09506000134353", "QRCode", kNone).ok());
}

// --- AIM identifiers --------------------------------------------------------------------------

TEST(Aim, Identifiers) {
    EXPECT_EQ(symbologyFromAim("]E0"), Symbology::Ean13);
    EXPECT_EQ(symbologyFromAim("]E3"), Symbology::Ean13);
    EXPECT_EQ(symbologyFromAim("]E4"), Symbology::Ean8);
    EXPECT_EQ(symbologyFromAim("]E1"), Symbology::EanAddOn);
    EXPECT_EQ(symbologyFromAim("]E2"), Symbology::EanAddOn);
    EXPECT_EQ(symbologyFromAim("]C0"), Symbology::Code128);
    EXPECT_EQ(symbologyFromAim("]C1"), Symbology::Gs1_128);
    EXPECT_EQ(symbologyFromAim("]e0"), Symbology::DataBar);
    EXPECT_EQ(symbologyFromAim("]Q1"), Symbology::QrCode);
    EXPECT_EQ(symbologyFromAim("]Q3"), Symbology::Gs1QrCode);
    EXPECT_EQ(symbologyFromAim("]d1"), Symbology::DataMatrix);
    EXPECT_EQ(symbologyFromAim("]d2"), Symbology::Gs1DataMatrix);
    EXPECT_EQ(symbologyFromAim("]A0"), Symbology::Code39);
    EXPECT_EQ(symbologyFromAim("]I0"), Symbology::Other);
    EXPECT_EQ(symbologyFromAim("E0"), Symbology::Unknown);
    EXPECT_EQ(symbologyFromAim("]"), Symbology::Unknown);
    EXPECT_EQ(symbologyFromAim("]E9"), Symbology::Unknown);
    EXPECT_EQ(symbologyFromName("DataBarExpanded"), Symbology::DataBar);
    EXPECT_EQ(symbologyFromName("]Q3"), Symbology::Gs1QrCode);
}

TEST(Aim, Code39IsOther) {
    auto r = interpretScan("]A0CARD12345", "", kNone);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->kind, ScanKind::Other);
    EXPECT_EQ(r->symbology, Symbology::Code39);
    EXPECT_EQ(r->data, "CARD12345");
}

TEST(Aim, CameraPassesAimAsSymbology) {
    auto r = interpretScan(
        "0109506000134352"
        "3103000750",
        "]e0", kNone);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->kind, ScanKind::Gs1ElementString);
    EXPECT_EQ(r->weightGrams, 750);
}

// Every single-digit substitution in a valid EAN-13 is either refused or (never) accepted as
// a different product: the check digit catches all of them.
TEST(InterpretScan, NoSingleDigitErrorIsAccepted) {
    const std::string good = "5901234123457";
    for (size_t pos = 0; pos < good.size(); ++pos)
        for (char d = '0'; d <= '9'; ++d) {
            if (d == good[pos])
                continue;
            std::string t = good;
            t[pos] = d;
            EXPECT_FALSE(interpretScan(t, "EAN-13", kNone).ok()) << t;
        }
}

}  // namespace
}  // namespace kiosk
