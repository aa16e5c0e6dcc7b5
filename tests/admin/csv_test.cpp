// Tests for the RFC 4180 reader and writer: quoting, line breaks inside fields, the byte order
// mark, the physical line of each record, and malformed input refused with its line.
#include "kiosk/admin/csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kiosk::admin {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<CsvRecord> parsed(std::string_view text) {
    auto records = parseCsv(text, "t.csv");
    EXPECT_TRUE(records.ok()) << records.error().message;
    return records.ok() ? *records : std::vector<CsvRecord>{};
}

TEST(Csv, SplitsPlainFieldsAndRecords) {
    auto records = parsed("a,b,c\n1,2,3\n");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_THAT(records[0].fields, ElementsAre("a", "b", "c"));
    EXPECT_THAT(records[1].fields, ElementsAre("1", "2", "3"));
    EXPECT_EQ(records[1].line, 2);
}

TEST(Csv, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
    auto records = parsed("code,name\n1,\"Riso, \"\"extra\"\"\nfino\"\n2,plain\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_THAT(records[1].fields, ElementsAre("1", "Riso, \"extra\"\nfino"));
    EXPECT_EQ(records[1].line, 2);
    EXPECT_EQ(records[2].line, 4) << "the record after a two-line field starts on line 4";
}

TEST(Csv, ToleratesByteOrderMarkCrlfEmptyLinesAndNoFinalNewline) {
    auto records = parsed(
        "\xEF\xBB\xBF"
        "code,name\r\n\r\n1,a\r\n\n2,b");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].fields[0], "code") << "the BOM is not part of the first column name";
    EXPECT_THAT(records[1].fields, ElementsAre("1", "a"));
    EXPECT_EQ(records[1].line, 3);
    EXPECT_EQ(records[2].line, 5);
    EXPECT_THAT(records[2].fields, ElementsAre("2", "b"));
}

TEST(Csv, EmptyFieldsAreKept) {
    auto records = parsed("a,,\"\",d\n");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_THAT(records[0].fields, ElementsAre("a", "", "", "d"));
}

TEST(Csv, QuoteInsideAnUnquotedFieldIsText) {
    auto records = parsed("a,5\" pizza,b\n");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_THAT(records[0].fields, ElementsAre("a", "5\" pizza", "b"));
}

TEST(Csv, UnterminatedQuoteIsRefusedWithTheLineItOpened) {
    auto records = parseCsv("code,name\n1,ok\n2,\"never closed\n3,x\n", "t.csv");
    ASSERT_FALSE(records.ok());
    EXPECT_THAT(records.error().message, HasSubstr("t.csv:3: unterminated quoted field"));
}

TEST(Csv, TextAfterAClosingQuoteIsRefused) {
    auto records = parseCsv("code,name\n1,\"a\"b\n", "t.csv");
    ASSERT_FALSE(records.ok());
    EXPECT_THAT(records.error().message, HasSubstr("t.csv:2: text after the closing quote"));
}

TEST(Csv, WriterQuotesOnlyWhenNeededAndRoundTrips) {
    EXPECT_EQ(csvField("plain"), "plain");
    EXPECT_EQ(csvField("a,b"), "\"a,b\"");
    EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csvField("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csvField(" padded"), "\" padded\"");
    const std::vector<std::string> fields{"8001", "Riso, \"fino\"\r\nextra", "", " x "};
    auto records = parsed(csvRecord(fields));
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].fields, fields);
}

}  // namespace
}  // namespace kiosk::admin
