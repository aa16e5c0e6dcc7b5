#include "kiosk/ui/po_catalog.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

using kiosk::ui::loadPo;
using kiosk::ui::parsePo;
using kiosk::ui::Translations;

TEST(PoCatalog, ReadsEntriesContinuationsEscapesAndHeader) {
    const char* text = R"PO(# comment
msgid ""
msgstr ""
"Language: id\n"
"Content-Type: text/plain; charset=UTF-8\n"

msgid "Pay"
msgstr "Bayar"

#: shopping_screen.cpp
msgid "An attendant will "
"check your age."
msgstr "Petugas akan "
"memeriksa usia Anda."

msgid "Say \"hi\"\n"
msgstr "Ucap \"hai\"\n"
)PO";
    auto po = parsePo(text, "t.po");
    ASSERT_TRUE(po.ok()) << po.error().message;
    EXPECT_EQ(po->language, "id");
    EXPECT_EQ(po->messages.at("Pay"), "Bayar");
    EXPECT_EQ(po->messages.at("An attendant will check your age."),
              "Petugas akan memeriksa usia Anda.");
    EXPECT_EQ(po->messages.at("Say \"hi\"\n"), "Ucap \"hai\"\n");
    EXPECT_EQ(po->messages.count(""), 0u);
}

TEST(PoCatalog, SkipsFuzzyAndUntranslatedAndKeepsContextApart) {
    const char* text = R"PO(#, fuzzy
msgid "Help"
msgstr "Tolong"

msgid "Back"
msgstr ""

msgctxt "button"
msgid "Back"
msgstr "Kembali"

msgid "Items"
msgid_plural "Items (plural)"
msgstr[0] "Barang"
msgstr[1] "Barang-barang"
)PO";
    auto po = parsePo(text, "t.po");
    ASSERT_TRUE(po.ok()) << po.error().message;
    EXPECT_EQ(po->messages.count("Help"), 0u);
    EXPECT_EQ(po->messages.count("Back"), 0u);
    EXPECT_EQ(po->messages.at(std::string("button") + '\x04' + "Back"), "Kembali");
    EXPECT_EQ(po->messages.at("Items"), "Barang");
}

TEST(PoCatalog, NamesTheLineOfBadInput) {
    auto unterminated = parsePo("msgid \"Pay\nmsgstr \"Bayar\"\n", "bad.po");
    ASSERT_FALSE(unterminated.ok());
    EXPECT_NE(unterminated.error().message.find("bad.po:1"), std::string::npos);

    auto orphan = parsePo("msgid \"a\"\nmsgstr \"b\"\n\"stray\"\n", "bad.po");
    EXPECT_TRUE(orphan.ok());  // continues msgstr: legal
    auto noStr = parsePo("msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"c\"\n", "bad.po");
    EXPECT_FALSE(noStr.ok());
    auto keyword = parsePo("msgfoo \"a\"\n", "bad.po");
    ASSERT_FALSE(keyword.ok());
    EXPECT_NE(keyword.error().message.find("unknown keyword"), std::string::npos);
    auto escape = parsePo("msgid \"a\\q\"\nmsgstr \"b\"\n", "bad.po");
    EXPECT_FALSE(escape.ok());
    EXPECT_FALSE(loadPo("/nonexistent/none.po").ok());
}

TEST(PoCatalog, MissingStringsFallBackToEnglishAndAreRemembered) {
    Translations tr;
    kiosk::ui::PoFile id;
    id.messages["Pay"] = "Bayar";
    tr.add("id", id);
    EXPECT_EQ(tr.tr("id", "Pay"), "Bayar");
    EXPECT_EQ(tr.tr("id", "Help"), "Help");
    EXPECT_EQ(tr.tr("fr", "Pay"), "Pay");
    EXPECT_EQ(tr.missing().count("id: Help"), 1u);
    EXPECT_EQ(tr.missing().count("fr: Pay"), 1u);
    // The returned reference outlives the temporary it was asked with.
    const std::string& kept = tr.tr("id", std::string("Temporary"));
    EXPECT_EQ(kept, "Temporary");
}

// The shipped catalogues: both complete, same msgids, every English msgstr equal to its id,
// except dotted message ids ("payment.stage.waiting", shared with kiosk/payment's texts),
// whose English is a sentence of its own.
TEST(PoCatalog, ShippedEnglishAndIndonesianAreComplete) {
    auto en = loadPo(std::string(KASIR_TEST_DATA) + "/../../assets/i18n/en.po");
    auto id = loadPo(std::string(KASIR_TEST_DATA) + "/../../assets/i18n/id.po");
    ASSERT_TRUE(en.ok()) << en.error().message;
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_EQ(en->language, "en");
    EXPECT_EQ(id->language, "id");
    EXPECT_GT(en->messages.size(), 100u);
    std::set<std::string> enIds, idIds;
    for (const auto& [k, v] : en->messages) {
        enIds.insert(k);
        const bool messageId = k.find('.') != std::string::npos &&
                               k.find(' ') == std::string::npos && k.front() != '.';
        if (messageId)
            EXPECT_TRUE(!v.empty() && v != k) << k;
        else
            EXPECT_EQ(k, v);
    }
    for (const auto& [k, v] : id->messages) {
        idIds.insert(k);
        EXPECT_FALSE(v.empty());
    }
    EXPECT_EQ(enIds, idIds);
}
