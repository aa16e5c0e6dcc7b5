// The benchmark's comparison rules (vision/bench/compare.hpp), which decide correct / wrong /
// none for every figure kasir-scan-bench prints.
#include "vision/bench/compare.hpp"

#include <gtest/gtest.h>

namespace kiosk::vision::bench {
namespace {

ManifestRow row(std::string format, std::string expected) {
    return {"x.png", std::move(format), std::move(expected), "set"};
}

TEST(BenchCompare, GtinsCompareNormalised) {
    EXPECT_EQ(classify(row("UPC-A", "0070097025088"), {{"UPC-A", "070097025088"}}),
              ReadClass::Correct);
    EXPECT_EQ(classify(row("UPC-A", "0070097025088"), {{"EAN-13", "0070097025088"}}),
              ReadClass::Correct);
    EXPECT_EQ(classify(row("UPC-E", "0012345000065"), {{"UPC-E", "01234565"}}), ReadClass::Correct);
    EXPECT_EQ(classify(row("DataBar", "0100012345678905"), {{"DataBar", "00012345678905"}}),
              ReadClass::Correct);
    EXPECT_EQ(classify(row("EAN-13", "4006381333931"), {{"EAN-13", "4006381333948"}}),
              ReadClass::Wrong);
    EXPECT_EQ(classify(row("EAN-13", "4006381333931"), {}), ReadClass::None);
}

TEST(BenchCompare, AddOns) {
    auto r = row("EAN-13+AddOn", "978039305867352595");
    EXPECT_EQ(classify(r, {{"EAN-13", "9780393058673 52595"}}), ReadClass::Correct);
    // The main code alone: the add-on was not read, the product is not wrong.
    EXPECT_EQ(classify(r, {{"EAN-13", "9780393058673"}}), ReadClass::None);
    EXPECT_EQ(classify(r, {{"EAN-13", "9780393058673 52596"}}), ReadClass::Wrong);
    EXPECT_EQ(classify(row("UPC-A+AddOn", "002701100695102601"), {{"UPC-A", "027011006951 02601"}}),
              ReadClass::Correct);
    EXPECT_EQ(classify(row("UPC-E", "0049000006346"), {{"UPC-E", "04963406 01"}}),
              ReadClass::Wrong);
}

TEST(BenchCompare, Gs1HumanReadableFromZxing14) {
    EXPECT_EQ(classify(row("DataBarExpanded",
                           "0190012345678908"
                           "3922795"),
                       {{"DataBarExpanded", "(01)90012345678908(3922)795"}}),
              ReadClass::Correct);
}

TEST(BenchCompare, OtherTextsByteForByte) {
    EXPECT_EQ(classify(row("QRCode", "Sean Owen"), {{"QRCode", "Sean Owen"}}), ReadClass::Correct);
    EXPECT_EQ(classify(row("QRCode", "Sean Owen"), {{"QRCode", "Sean"}}), ReadClass::Wrong);
}

TEST(BenchCompare, ParsesQuotedManifestFields) {
    auto rows = parseManifest(
        "relative_path,format,expected_text,source_set\r\n"
        "a/#1.webp,QRCode,\"line one\r\nline \"\"two\"\", end\",qrcode-2\r\n"
        "b/2.png,EAN-13,4006381333931,ean13-1\n");
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].relativePath, "a/#1.webp");
    EXPECT_EQ((*rows)[0].expectedText, "line one\r\nline \"two\", end");
    EXPECT_EQ((*rows)[1].sourceSet, "ean13-1");
}

TEST(BenchCompare, RefusesABrokenManifest) {
    EXPECT_FALSE(parseManifest("").ok());
    EXPECT_FALSE(parseManifest("relative_path,format\na,b\n").ok());
    EXPECT_FALSE(parseManifest("relative_path,format,expected_text,source_set\na,b,\"c\n").ok());
    EXPECT_FALSE(parseManifest("relative_path,format,expected_text,source_set\na,b,c\n").ok());
}

}  // namespace
}  // namespace kiosk::vision::bench
