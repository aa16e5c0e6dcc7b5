// Stock levels and the stock ledger: every change is a move with its reason, on-hand is the
// sum of the moves, thresholds drive the low-stock list.
#include <limits>
#include <numeric>
#include <string>

#include "store_fixtures.hpp"

namespace kiosk::storage {
namespace {

using testing::TempDir;

int64_t sumOfMoves(const std::vector<StockMove>& moves) {
    return std::accumulate(moves.begin(), moves.end(), int64_t{0},
                           [](int64_t sum, const StockMove& m) { return sum + m.delta; });
}

class StoreStock : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = testing::openStore(dir_.file("store.db"));
        ASSERT_TRUE(store_);
        ids_ = testing::seedCatalogue(*store_, 5);
        ASSERT_EQ(ids_.size(), 6u);
    }
    TempDir dir_;
    std::unique_ptr<Store> store_;
    std::vector<int64_t> ids_;
};

TEST_F(StoreStock, NewProductHasNoStock) {
    auto level = store_->stock(ids_[0]);
    ASSERT_TRUE(level.ok());
    EXPECT_EQ(level->onHand, 0);
    EXPECT_EQ(level->lowThreshold, 0);
    EXPECT_EQ(level->gtin, testing::gtinFor(1));
    EXPECT_EQ(level->name, "Product 1");
    EXPECT_EQ(level->unit, SaleUnit::Each);
}

TEST_F(StoreStock, SetAndReceiveWriteMovesWithReasons) {
    ASSERT_TRUE(store_->setStock(ids_[0], 40, "stocktake").ok());
    ASSERT_TRUE(store_->receiveStock(ids_[0], 24, "delivery 1187").ok());
    ASSERT_TRUE(store_->setStock(ids_[0], 60, "").ok());
    auto level = store_->stock(ids_[0]);
    ASSERT_TRUE(level.ok());
    EXPECT_EQ(level->onHand, 60);

    auto moves = store_->stockMoves(ids_[0]);
    ASSERT_TRUE(moves.ok());
    ASSERT_EQ(moves->size(), 3u);
    EXPECT_EQ((*moves)[0].delta, 40);
    EXPECT_EQ((*moves)[0].reason, "stocktake");
    EXPECT_EQ((*moves)[1].delta, 24);
    EXPECT_EQ((*moves)[1].reason, "delivery 1187");
    EXPECT_EQ((*moves)[2].delta, -4);
    EXPECT_EQ((*moves)[2].reason, "count");
    EXPECT_TRUE((*moves)[2].saleUuid.empty());
    EXPECT_GT((*moves)[2].at, 0);
    EXPECT_EQ(sumOfMoves(*moves), level->onHand);
}

TEST_F(StoreStock, WeighedProductsCountGrams) {
    const int64_t bananas = ids_.back();
    ASSERT_TRUE(store_->receiveStock(bananas, 12'500, "delivery").ok());
    auto level = store_->stock(bananas);
    ASSERT_TRUE(level.ok());
    EXPECT_EQ(level->unit, SaleUnit::Weight);
    EXPECT_EQ(level->onHand, 12'500);
    EXPECT_EQ(level->name, "Bananas");
}

TEST_F(StoreStock, LowStockListsProductsAtOrBelowTheirThreshold) {
    ASSERT_TRUE(store_->setStock(ids_[0], 3, "count").ok());
    ASSERT_TRUE(store_->setLowStockThreshold(ids_[0], 5).ok());
    ASSERT_TRUE(store_->setStock(ids_[1], 5, "count").ok());
    ASSERT_TRUE(store_->setLowStockThreshold(ids_[1], 5).ok());
    ASSERT_TRUE(store_->setStock(ids_[2], 50, "count").ok());
    ASSERT_TRUE(store_->setLowStockThreshold(ids_[2], 5).ok());
    ASSERT_TRUE(store_->setLowStockThreshold(ids_[3], 2).ok());  // no stock at all: 0 <= 2

    auto low = store_->lowStock();
    ASSERT_TRUE(low.ok());
    std::vector<int64_t> lowIds;
    for (const StockLevel& l : *low)
        lowIds.push_back(l.productId);
    EXPECT_EQ(lowIds, (std::vector<int64_t>{ids_[0], ids_[3], ids_[1]}));  // most short first
    EXPECT_EQ(low->front().lowThreshold, 5);

    // A threshold is not a stock change: no move for it.
    auto moves = store_->stockMoves(ids_[3]);
    ASSERT_TRUE(moves.ok());
    EXPECT_TRUE(moves->empty());
}

TEST_F(StoreStock, StockMayGoNegative) {
    ASSERT_TRUE(store_->receiveStock(ids_[0], -3, "breakage").ok());
    auto level = store_->stock(ids_[0]);
    ASSERT_TRUE(level.ok());
    EXPECT_EQ(level->onHand, -3);
}

TEST_F(StoreStock, CountsBeyondTheLimitAreRefused) {
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    ASSERT_TRUE(store_->receiveStock(ids_[0], -5, "breakage").ok());
    // onHand - current would overflow: -5 to INT64_MAX.
    for (int64_t count : {kMax, kMaxStockQuantity + 1, -kMaxStockQuantity - 1}) {
        auto set = store_->setStock(ids_[0], count, "count");
        ASSERT_FALSE(set.ok()) << count;
        EXPECT_EQ(set.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(set.error().message.find("1000000000000"), std::string::npos)
            << set.error().message;
    }
    for (int64_t threshold : {kMax, std::numeric_limits<int64_t>::min()}) {
        auto set = store_->setLowStockThreshold(ids_[0], threshold);
        ASSERT_FALSE(set.ok()) << threshold;
        EXPECT_EQ(set.error().code, ErrorCode::InvalidArgument);
    }
    auto level = store_->stock(ids_[0]);
    ASSERT_TRUE(level.ok());
    EXPECT_EQ(level->onHand, -5);
    EXPECT_EQ(level->lowThreshold, 0);

    // The limit itself is fine, both ways.
    ASSERT_TRUE(store_->setStock(ids_[0], kMaxStockQuantity, "count").ok());
    ASSERT_TRUE(store_->setStock(ids_[0], -kMaxStockQuantity, "count").ok());
    ASSERT_TRUE(store_->setLowStockThreshold(ids_[0], kMaxStockQuantity).ok());
    auto moves = store_->stockMoves(ids_[0]);
    ASSERT_TRUE(moves.ok());
    EXPECT_EQ(moves->size(), 3u);
    EXPECT_EQ(sumOfMoves(*moves), -kMaxStockQuantity);
}

TEST_F(StoreStock, ReceivingPastTheLimitIsRefused) {
    // Before: SQLite's on_hand + excluded.on_hand turned into a REAL on overflow.
    auto huge = store_->receiveStock(ids_[0], std::numeric_limits<int64_t>::max(), "delivery");
    ASSERT_FALSE(huge.ok());
    EXPECT_EQ(huge.error().code, ErrorCode::InvalidArgument);

    ASSERT_TRUE(store_->receiveStock(ids_[0], kMaxStockQuantity, "delivery").ok());
    for (int64_t more : {int64_t{1}, kMaxStockQuantity}) {
        auto past = store_->receiveStock(ids_[0], more, "delivery");
        ASSERT_FALSE(past.ok()) << more;
        EXPECT_EQ(past.error().code, ErrorCode::Overflow);
        EXPECT_NE(past.error().message.find("1000000000000"), std::string::npos)
            << past.error().message;
    }
    ASSERT_TRUE(store_->receiveStock(ids_[0], -kMaxStockQuantity, "recall").ok());
    auto level = store_->stock(ids_[0]);
    ASSERT_TRUE(level.ok());
    EXPECT_EQ(level->onHand, 0);
    auto moves = store_->stockMoves(ids_[0]);
    ASSERT_TRUE(moves.ok());
    EXPECT_EQ(moves->size(), 2u);
}

// Sales are not held to the limit, but the level must stay an exact int64: a sale that would
// push it past int64 is refused whole, and a count far from such a level is refused too.
TEST_F(StoreStock, ExtremeSalesNeverWrapTheLevel) {
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    auto product = store_->productById(ids_[0]);
    ASSERT_TRUE(product.ok() && product->has_value());
    auto saleOf = [&](const std::string& uuid, int64_t quantity) {
        SaleRecord sale = testing::makeSale(uuid, {**product});
        sale.lines[0].quantity = quantity;
        return store_->completeSale(sale);
    };
    ASSERT_TRUE(store_->receiveStock(ids_[0], -5, "breakage").ok());
    auto big = saleOf("big", kMax - 10);  // leaves INT64_MIN + 6 on hand
    ASSERT_TRUE(big.ok()) << big.error().message;

    auto count = store_->setStock(ids_[0], kMaxStockQuantity, "count");
    ASSERT_FALSE(count.ok());
    EXPECT_EQ(count.error().code, ErrorCode::Overflow);
    auto receive = store_->receiveStock(ids_[0], -1'000, "breakage");
    ASSERT_FALSE(receive.ok());
    EXPECT_EQ(receive.error().code, ErrorCode::Overflow);

    for (int64_t quantity : {int64_t{100}, std::numeric_limits<int64_t>::min()}) {
        const std::string uuid = "past-" + std::to_string(quantity);
        auto past = saleOf(uuid, quantity);
        ASSERT_FALSE(past.ok()) << quantity;
        EXPECT_EQ(past.error().code, ErrorCode::Overflow);
        auto stored = store_->saleByUuid(uuid);
        ASSERT_TRUE(stored.ok());
        EXPECT_FALSE(stored->has_value());
    }
    auto level = store_->stock(ids_[0]);
    ASSERT_TRUE(level.ok());
    EXPECT_EQ(level->onHand, std::numeric_limits<int64_t>::min() + 6);
    auto moves = store_->stockMoves(ids_[0]);
    ASSERT_TRUE(moves.ok());
    EXPECT_EQ(moves->size(), 2u);
    auto check = store_->verifyJournal();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->firstBreak;
}

TEST_F(StoreStock, UnknownProductIsNotFound) {
    for (auto result : {store_->setStock(999, 1, "x"), store_->receiveStock(999, 1, "x"),
                        store_->setLowStockThreshold(999, 1)}) {
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, ErrorCode::NotFound);
    }
    auto level = store_->stock(999);
    ASSERT_FALSE(level.ok());
    EXPECT_EQ(level.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace kiosk::storage
