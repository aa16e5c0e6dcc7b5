// The open cart (one per kiosk, saved as JSON on every change).
#include <sqlite3.h>

#include "kiosk/storage/cart_json.hpp"

#include "store_fixtures.hpp"

namespace kiosk::storage {
namespace {

using testing::TempDir;

class StoreOpenCart : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = testing::openStore(dir_.file("store.db"));
        ASSERT_TRUE(store_);
        testing::seedCatalogue(*store_, 3);
    }

    // A cart that uses every CartLine field: units, weight, an override, a removed line.
    static OpenCart richCart() {
        OpenCart open;
        open.saleUuid = "3f2a9c1e-0000-4000-8000-000000000001";
        open.startedAt = 1'700'000'000'000;
        open.language = "id";
        Product beer = testing::makeProduct(1);
        beer.id = 1;
        beer.age = AgeRestriction{"alcohol", 21};
        beer.barcodes.push_back(testing::gtinFor(100));
        beer.imagePath = "img/beer.png";
        Product bananas;
        bananas.id = 4;
        bananas.plu = "4011";
        bananas.names = {{"en", "Bananas"}, {"id", "Pisang \"Cavendish\"\n"}};
        bananas.unit = SaleUnit::Weight;
        bananas.price = 25'000;
        EXPECT_TRUE(open.cart.addUnits(beer, beer.gtin, 2).ok());
        EXPECT_TRUE(open.cart.addWeighed(bananas, "4011", 1'234).ok());
        auto third = open.cart.addUnits(testing::makeProduct(2), testing::gtinFor(2));
        EXPECT_TRUE(third.ok());
        EXPECT_TRUE(open.cart.overridePrice(*third, 500, "dented can").ok());
        EXPECT_TRUE(open.cart.discount(1, 15, "short-dated").ok());
        auto removed = open.cart.addUnits(testing::makeProduct(3), testing::gtinFor(3));
        EXPECT_TRUE(removed.ok());
        EXPECT_TRUE(open.cart.remove(*removed).ok());  // nextLineId stays past it
        return open;
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
};

TEST_F(StoreOpenCart, RoundTripsEveryLineField) {
    const OpenCart cart = richCart();
    ASSERT_TRUE(store_->saveOpenCart("K1", cart).ok());
    auto back = store_->loadOpenCart("K1");
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_TRUE(back->has_value());
    EXPECT_EQ(**back, cart);
    EXPECT_EQ((*back)->cart.nextLineId(), 5);
}

TEST_F(StoreOpenCart, SurvivesReopening) {
    const OpenCart cart = richCart();
    ASSERT_TRUE(store_->saveOpenCart("K1", cart).ok());
    store_ = testing::openStore(dir_.file("store.db"));
    ASSERT_TRUE(store_);
    auto back = store_->loadOpenCart("K1");
    ASSERT_TRUE(back.ok() && back->has_value());
    EXPECT_EQ(**back, cart);
}

TEST_F(StoreOpenCart, SavingAgainReplacesAndKiosksAreSeparate) {
    OpenCart cart = richCart();
    ASSERT_TRUE(store_->saveOpenCart("K1", cart).ok());
    ASSERT_TRUE(cart.cart.setQuantity(1, 6).ok());
    ASSERT_TRUE(store_->saveOpenCart("K1", cart).ok());
    OpenCart other;
    other.saleUuid = "other";
    ASSERT_TRUE(store_->saveOpenCart("K2", other).ok());

    auto k1 = store_->loadOpenCart("K1");
    ASSERT_TRUE(k1.ok() && k1->has_value());
    EXPECT_EQ(**k1, cart);
    auto k2 = store_->loadOpenCart("K2");
    ASSERT_TRUE(k2.ok() && k2->has_value());
    EXPECT_EQ(**k2, other);

    ASSERT_TRUE(store_->clearOpenCart("K1").ok());
    k1 = store_->loadOpenCart("K1");
    ASSERT_TRUE(k1.ok());
    EXPECT_FALSE(k1->has_value());
    ASSERT_TRUE(store_->clearOpenCart("K1").ok());  // clearing twice is fine
    k2 = store_->loadOpenCart("K2");
    ASSERT_TRUE(k2.ok());
    EXPECT_TRUE(k2->has_value());
}

TEST_F(StoreOpenCart, UnreadableCartIsAClearError) {
    ASSERT_TRUE(store_->saveOpenCart("K1", richCart()).ok());
    store_.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir_.file("store.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE open_carts SET cart = '{\"format\": 1, \"lines\": ['",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    store_ = testing::openStore(dir_.file("store.db"));
    auto back = store_->loadOpenCart("K1");
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().code, ErrorCode::Corrupt);
    EXPECT_NE(back.error().message.find("kiosk K1"), std::string::npos);
    EXPECT_NE(back.error().message.find(dir_.file("store.db")), std::string::npos);
}

// A cart as kasir saved it before attendant discounts: no discount fields at all.
constexpr const char kCartBeforeDiscounts[] = R"json({"format": 1, "nextLineId": 3, "lines": [
 {"lineId": 1, "scannedCode": "08990000000014", "quantity": 2, "weightGrams": 0,
  "priceOverride": null, "overrideReason": "",
  "product": {"id": 1, "gtin": "08990000000014", "barcodes": ["08990000000014"],
              "names": {"en": "Tea"}, "price": 5000, "taxClass": "PPN", "unit": "each",
              "plu": "", "imagePath": "", "category": "", "active": true, "age": null}},
 {"lineId": 2, "scannedCode": "08990000000021", "quantity": 1, "weightGrams": 0,
  "priceOverride": 700, "overrideReason": "shelf-price",
  "product": {"id": 2, "gtin": "08990000000021", "barcodes": [],
              "names": {"en": "Soap"}, "price": 9000, "taxClass": "PPN", "unit": "each",
              "plu": "", "imagePath": "", "category": "", "active": true, "age": null}}]})json";

TEST(CartJson, CartsSavedBeforeDiscountsStillLoad) {
    auto cart = cartFromJson(kCartBeforeDiscounts);
    ASSERT_TRUE(cart.ok()) << cart.error().message;
    ASSERT_EQ(cart->lines().size(), 2u);
    for (const CartLine& line : cart->lines()) {
        EXPECT_EQ(line.discountPercent, 0);
        EXPECT_EQ(line.discountReason, "");
    }
    EXPECT_EQ(cart->lines()[1].priceOverride, 700);
    EXPECT_EQ(cart->nextLineId(), 3);
}

TEST(CartJson, DiscountRoundTripsThroughJson) {
    Cart cart;
    auto line = cart.addUnits(testing::makeProduct(1), testing::gtinFor(1), 3);
    ASSERT_TRUE(line.ok());
    ASSERT_TRUE(cart.discount(*line, 100, "goodwill").ok());
    auto back = cartFromJson(cartToJson(cart));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, cart);
    EXPECT_EQ(back->lines().front().discountPercent, 100);
    EXPECT_EQ(back->lines().front().discountReason, "goodwill");
}

// Every number kasir writes is a whole number; a float (or one beyond int64) is damage, not
// something to round (and converting 1e300 to int64 would be undefined behaviour).
TEST(CartJson, NumbersThatAreNotWholeAreCorrupt) {
    const std::string good = kCartBeforeDiscounts;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"\"quantity\": 2", "\"quantity\": 1e300"},
        {"\"quantity\": 2", "\"quantity\": 2.5"},
        {"\"priceOverride\": 700", "\"priceOverride\": -1.7e308"},
        {"\"priceOverride\": 700", "\"priceOverride\": 9223372036854775808"},
        {"\"price\": 5000", "\"price\": 5000.0"},
        {"\"nextLineId\": 3", "\"nextLineId\": 3e30"},
        {"\"format\": 1", "\"format\": 4294967297"},
        {"\"lineId\": 1", "\"lineId\": true"},
    };
    for (const auto& [from, to] : cases) {
        std::string text = good;
        ASSERT_NE(text.find(from), std::string::npos) << from;
        text.replace(text.find(from), from.size(), to);
        auto back = cartFromJson(text);
        ASSERT_FALSE(back.ok()) << to;
        EXPECT_EQ(back.error().code, ErrorCode::Corrupt) << to << ": " << back.error().message;
    }
}

TEST(CartJson, BadDiscountValuesAreCorrupt) {
    Cart cart;
    ASSERT_TRUE(cart.addUnits(testing::makeProduct(1), testing::gtinFor(1)).ok());
    ASSERT_TRUE(cart.discount(1, 10, "damaged").ok());
    const std::string good = cartToJson(cart);
    const std::string field = "\"discountPercent\":10";
    ASSERT_NE(good.find(field), std::string::npos) << good;
    struct Case {
        std::string replacement;
        std::string words;
    };
    const std::vector<Case> cases = {
        {"\"discountPercent\":101", "outside 0..100"},
        {"\"discountPercent\":-5", "outside 0..100"},
        {"\"discountPercent\":18446744073709551615", "too large"},
        {"\"discountPercent\":12.5", "not a whole number"},
        {"\"discountPercent\":\"10\"", "not a whole number"},
        {"\"discountPercent\":null", "not a whole number"},
    };
    for (const Case& c : cases) {
        std::string text = good;
        text.replace(text.find(field), field.size(), c.replacement);
        auto back = cartFromJson(text);
        ASSERT_FALSE(back.ok()) << c.replacement;
        EXPECT_EQ(back.error().code, ErrorCode::Corrupt) << c.replacement;
        EXPECT_NE(back.error().message.find(c.words), std::string::npos)
            << c.replacement << ": " << back.error().message;
    }
    // A discount the cart's own rules refuse (no reason) is refused on restore too.
    std::string noReason = good;
    const std::string reason = "\"discountReason\":\"damaged\"";
    noReason.replace(noReason.find(reason), reason.size(), "\"discountReason\":\"\"");
    auto back = cartFromJson(noReason);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().code, ErrorCode::Corrupt) << back.error().message;
    std::string numberReason = good;
    numberReason.replace(numberReason.find(reason), reason.size(), "\"discountReason\":7");
    back = cartFromJson(numberReason);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().code, ErrorCode::Corrupt) << back.error().message;
}

}  // namespace
}  // namespace kiosk::storage
