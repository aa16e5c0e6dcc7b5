// The open cart (one per kiosk, saved as JSON on every change) and the audit log.
#include <sqlite3.h>

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

}  // namespace
}  // namespace kiosk::storage
