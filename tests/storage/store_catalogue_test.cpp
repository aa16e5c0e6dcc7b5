// Catalogue storage: tax classes, products (every field round-trips), lookups by every code
// form, search, promotions and settings.
#include "store_fixtures.hpp"

namespace kiosk::storage {
namespace {

using testing::TempDir;

class StoreCatalogue : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = testing::openStore(dir_.file("store.db"));
        ASSERT_TRUE(store_);
        ASSERT_TRUE(store_->upsertTaxClass(TaxClass{"PPN", "PPN 11%", 110'000}).ok());
        ASSERT_TRUE(store_->upsertTaxClass(TaxClass{"EXEMPT", "Exempt", 0}).ok());
    }

    // A product with every field set to something other than its default.
    static Product fullProduct() {
        Product p;
        p.gtin = testing::gtinFor(42);
        p.barcodes = {testing::gtinFor(43), p.gtin, testing::gtinFor(44)};
        p.names = {{"en", "Bintang Beer 330ml"}, {"id", "Bir Bintang 330ml"}};
        p.price = 23'500;
        p.taxClass = "PPN";
        p.age = AgeRestriction{"alcohol", 21};
        p.unit = SaleUnit::Each;
        p.plu = "";
        p.imagePath = "images/bintang.png";
        p.category = "beverages/beer";
        p.active = true;
        return p;
    }

    Product mustFind(int64_t id) {
        auto p = store_->productById(id);
        EXPECT_TRUE(p.ok());
        EXPECT_TRUE(p.ok() && p->has_value());
        return p.ok() && p->has_value() ? **p : Product{};
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
};

TEST_F(StoreCatalogue, TaxClassesRoundTripAndUpdate) {
    ASSERT_TRUE(store_->upsertTaxClass(TaxClass{"PPN", "PPN 12%", 120'000}).ok());
    auto classes = store_->taxClasses();
    ASSERT_TRUE(classes.ok());
    std::vector<TaxClass> expected = {{"EXEMPT", "Exempt", 0}, {"PPN", "PPN 12%", 120'000}};
    EXPECT_EQ(*classes, expected);
}

TEST_F(StoreCatalogue, ProductRoundTripsEveryField) {
    Product p = fullProduct();
    auto id = store_->upsertProduct(p);
    ASSERT_TRUE(id.ok()) << id.error().message;
    p.id = *id;
    EXPECT_EQ(mustFind(*id), p);

    Product weighed;
    weighed.plu = "4011";
    weighed.names = {{"en", "Bananas"}};
    weighed.unit = SaleUnit::Weight;
    weighed.price = 25'000;
    weighed.taxClass = "EXEMPT";
    weighed.active = false;
    auto wid = store_->upsertProduct(weighed);
    ASSERT_TRUE(wid.ok()) << wid.error().message;
    weighed.id = *wid;
    EXPECT_EQ(mustFind(*wid), weighed);
}

TEST(Store, ProductWithoutTaxClassOrAgeRoundTrips) {
    TempDir dir;
    auto store = testing::openStore(dir.file("store.db"));
    Product p;
    p.gtin = testing::gtinFor(5);
    p.age = AgeRestriction{"", 0};  // present but empty stays present
    auto id = store->upsertProduct(p);
    ASSERT_TRUE(id.ok()) << id.error().message;
    p.id = *id;
    auto back = store->productById(*id);
    ASSERT_TRUE(back.ok() && back->has_value());
    EXPECT_EQ(**back, p);
}

TEST_F(StoreCatalogue, NamesWithSeparatorsDigitsAndUnicodeRoundTrip) {
    // A lookup folds names and codes into one text column each; no name may confuse that.
    Product p = testing::makeProduct(9);
    p.names = {{"en", "3:2 Cola, 1,5 L"},
               {"id", "Kopi \xe2\x98\x95 10:30 \"special\""},
               {"de", ""},
               {"12", "12:34:56"},
               {"ja", "\xe7\xb7\x91\xe8\x8c\xb6\n2\t\xe6\x9c\xac"}};
    p.barcodes = {testing::gtinFor(12), testing::gtinFor(10), testing::gtinFor(11)};
    auto id = store_->upsertProduct(p);
    ASSERT_TRUE(id.ok()) << id.error().message;
    p.id = *id;
    EXPECT_EQ(mustFind(*id), p);
    auto byCode = store_->productByBarcode(testing::gtinFor(11));
    ASSERT_TRUE(byCode.ok() && byCode->has_value());
    EXPECT_EQ(**byCode, p);
}

TEST_F(StoreCatalogue, ReUpsertUpdatesRatherThanDuplicates) {
    Product p = fullProduct();
    auto first = store_->upsertProduct(p);
    ASSERT_TRUE(first.ok());
    p.price = 25'000;
    p.names["en"] = "Bintang Pilsener 330ml";
    p.barcodes = {p.gtin};  // two secondary codes dropped
    p.age.reset();
    auto second = store_->upsertProduct(p);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*first, *second);

    auto all = store_->allProducts();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 1u);
    p.id = *first;
    EXPECT_EQ(all->front(), p);
    // The dropped codes no longer sell it.
    auto dropped = store_->productByBarcode(testing::gtinFor(43));
    ASSERT_TRUE(dropped.ok());
    EXPECT_FALSE(dropped->has_value());
}

TEST_F(StoreCatalogue, PluProductsAreKeyedByPlu) {
    Product p;
    p.plu = "4011";
    p.names = {{"en", "Bananas"}};
    p.unit = SaleUnit::Weight;
    p.price = 25'000;
    auto first = store_->upsertProduct(p);
    p.price = 27'000;
    auto second = store_->upsertProduct(p);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(*first, *second);
    auto found = store_->productByPlu("4011");
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->price, 27'000);
    auto none = store_->productByPlu("9999");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
}

TEST_F(StoreCatalogue, AnyBarcodeFindsTheProductInAnyGtinForm) {
    auto id = store_->upsertProduct(fullProduct());
    ASSERT_TRUE(id.ok());
    for (int n : {42, 43, 44}) {
        const std::string gtin14 = testing::gtinFor(n);
        for (const std::string& code : {gtin14, gtin14.substr(1)}) {  // GTIN-14 and EAN-13
            auto found = store_->productByBarcode(code);
            ASSERT_TRUE(found.ok()) << found.error().message;
            ASSERT_TRUE(found->has_value()) << code;
            EXPECT_EQ((*found)->id, *id);
        }
    }
    for (const char* unknown : {"00000000000000", "123", "", "not a code"}) {
        auto found = store_->productByBarcode(unknown);
        ASSERT_TRUE(found.ok());
        EXPECT_FALSE(found->has_value()) << unknown;
    }
}

TEST_F(StoreCatalogue, CodesAreStoredAsGtin14) {
    Product p = testing::makeProduct(7);
    const std::string gtin14 = p.gtin;
    p.gtin = gtin14.substr(1);  // given as EAN-13
    p.barcodes = {gtin14.substr(1)};
    auto id = store_->upsertProduct(p);
    ASSERT_TRUE(id.ok());
    Product back = mustFind(*id);
    EXPECT_EQ(back.gtin, gtin14);
    EXPECT_EQ(back.barcodes, std::vector<std::string>{gtin14});
}

TEST_F(StoreCatalogue, InvalidCodesAreRefused) {
    Product p = testing::makeProduct(1);
    p.gtin[13] = p.gtin[13] == '0' ? '1' : '0';  // wrong check digit
    auto id = store_->upsertProduct(p);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, ErrorCode::InvalidArgument);

    Product nothing;
    nothing.names = {{"en", "No code"}};
    EXPECT_FALSE(store_->upsertProduct(nothing).ok());
}

TEST_F(StoreCatalogue, ABarcodeBelongsToOneProduct) {
    ASSERT_TRUE(store_->upsertProduct(fullProduct()).ok());
    Product other = testing::makeProduct(1);
    other.barcodes.push_back(testing::gtinFor(43));  // already sells fullProduct()
    auto id = store_->upsertProduct(other);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, ErrorCode::Conflict);
    EXPECT_NE(id.error().message.find(testing::gtinFor(43)), std::string::npos);
    // Nothing of the refused product was stored.
    auto found = store_->productByBarcode(other.gtin);
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found->has_value());
}

TEST_F(StoreCatalogue, UnknownTaxClassIsRefusedClearly) {
    Product p = testing::makeProduct(1);
    p.taxClass = "VAT";
    auto id = store_->upsertProduct(p);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(id.error().message.find("'VAT'"), std::string::npos) << id.error().message;
}

TEST_F(StoreCatalogue, SearchMatchesNamesAndCodesIgnoringCaseActiveOnly) {
    testing::seedCatalogue(*store_, 30);
    Product beer = fullProduct();
    ASSERT_TRUE(store_->upsertProduct(beer).ok());
    Product retired = testing::makeProduct(99);
    retired.names = {{"en", "Bintang Radler (discontinued)"}};
    retired.active = false;
    ASSERT_TRUE(store_->upsertProduct(retired).ok());

    auto byName = store_->searchProducts("bintang", 10);
    ASSERT_TRUE(byName.ok());
    ASSERT_EQ(byName->size(), 1u);
    EXPECT_EQ(byName->front().gtin, beer.gtin);

    auto byOtherLanguage = store_->searchProducts("BIR BINT", 10);
    ASSERT_TRUE(byOtherLanguage.ok());
    EXPECT_EQ(byOtherLanguage->size(), 1u);

    auto bySecondaryCode = store_->searchProducts(testing::gtinFor(44).substr(5), 10);
    ASSERT_TRUE(bySecondaryCode.ok());
    ASSERT_EQ(bySecondaryCode->size(), 1u);
    EXPECT_EQ(bySecondaryCode->front().gtin, beer.gtin);

    auto byPlu = store_->searchProducts("4011", 10);
    ASSERT_TRUE(byPlu.ok());
    ASSERT_EQ(byPlu->size(), 1u);
    EXPECT_EQ(byPlu->front().plu, "4011");

    auto limited = store_->searchProducts("produk", 5);
    ASSERT_TRUE(limited.ok());
    EXPECT_EQ(limited->size(), 5u);

    // LIKE wildcards typed by a person are plain characters.
    auto wildcard = store_->searchProducts("%", 10);
    ASSERT_TRUE(wildcard.ok());
    EXPECT_TRUE(wildcard->empty());
    auto underscore = store_->searchProducts("_", 10);
    ASSERT_TRUE(underscore.ok());
    EXPECT_TRUE(underscore->empty());
}

TEST_F(StoreCatalogue, AllProductsListsEverythingInIdOrder) {
    auto ids = testing::seedCatalogue(*store_, 20);
    auto all = store_->allProducts();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        EXPECT_EQ((*all)[i].id, ids[i]);
        EXPECT_EQ((*all)[i], mustFind(ids[i]));
    }
}

TEST_F(StoreCatalogue, PromotionsRoundTripAndUpdate) {
    auto ids = testing::seedCatalogue(*store_, 5);
    Promotion multi;
    multi.label = "3 for 2 beer";
    multi.kind = PromotionKind::BuyNPayM;
    multi.productIds = {ids[2], ids[0], ids[1]};
    multi.n = 3;
    multi.m = 2;
    Promotion percent;
    percent.id = 500;  // an id chosen by the caller is kept
    percent.label = "10% off rice";
    percent.kind = PromotionKind::PercentOff;
    percent.productIds = {ids[3]};
    percent.percent = 1'000;
    percent.validFrom = 1'700'000'000'000;
    percent.validUntil = 1'800'000'000'000;
    Promotion pair;
    pair.label = "2 for Rp 10.000";
    pair.kind = PromotionKind::NForPrice;
    pair.productIds = {ids[4]};
    pair.n = 2;
    pair.amount = 10'000;

    for (Promotion* p : {&multi, &percent, &pair}) {
        auto id = store_->upsertPromotion(*p);
        ASSERT_TRUE(id.ok()) << id.error().message;
        p->id = *id;
    }
    EXPECT_EQ(percent.id, 500);
    auto stored = store_->promotions();
    ASSERT_TRUE(stored.ok());
    std::vector<Promotion> expected = {multi, pair, percent};
    std::sort(expected.begin(), expected.end(),
              [](const Promotion& a, const Promotion& b) { return a.id < b.id; });
    EXPECT_EQ(*stored, expected);

    multi.kind = PromotionKind::AmountOff;
    multi.amount = 500;
    multi.productIds = {ids[0]};
    ASSERT_TRUE(store_->upsertPromotion(multi).ok());
    stored = store_->promotions();
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->size(), 3u);
    EXPECT_EQ(stored->front(), multi);
}

TEST_F(StoreCatalogue, PromotionOfAnUnknownProductIsRefused) {
    Promotion p;
    p.label = "ghost deal";
    p.productIds = {12345};
    auto id = store_->upsertPromotion(p);
    ASSERT_FALSE(id.ok());
    EXPECT_NE(id.error().message.find("12345"), std::string::npos);
    auto stored = store_->promotions();
    ASSERT_TRUE(stored.ok());
    EXPECT_TRUE(stored->empty());
}

TEST_F(StoreCatalogue, SettingsRoundTripAndUpdate) {
    auto missing = store_->setting("currency");
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());
    ASSERT_TRUE(store_->setSetting("currency", "IDR").ok());
    ASSERT_TRUE(store_->setSetting("currency", "USD").ok());
    ASSERT_TRUE(store_->setSetting("store.name", "").ok());
    EXPECT_EQ(store_->setting("currency")->value_or(""), "USD");
    auto empty = store_->setting("store.name");
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->has_value());
}

TEST_F(StoreCatalogue, TransactionRollsBackEverythingWhenTheBodyFails) {
    auto result = store_->transaction([&]() -> Result<void> {
        if (auto id = store_->upsertProduct(testing::makeProduct(1)); !id)
            return id.error();
        if (auto id = store_->upsertProduct(testing::makeProduct(2)); !id)
            return id.error();
        return makeError(ErrorCode::InvalidArgument, "line 3: bad row");
    });
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "line 3: bad row");
    auto all = store_->allProducts();
    ASSERT_TRUE(all.ok());
    EXPECT_TRUE(all->empty());

    // A failed inner step rolls back only itself when the body carries on.
    ASSERT_TRUE(store_
                    ->transaction([&]() -> Result<void> {
                        if (auto id = store_->upsertProduct(testing::makeProduct(1)); !id) {
                            return id.error();
                        }
                        Product bad = testing::makeProduct(2);
                        bad.taxClass = "NOPE";
                        EXPECT_FALSE(store_->upsertProduct(bad).ok());
                        return {};
                    })
                    .ok());
    all = store_->allProducts();
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 1u);
}

}  // namespace
}  // namespace kiosk::storage
