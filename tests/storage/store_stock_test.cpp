// Stock levels and the stock ledger: every change is a move with its reason, on-hand is the
// sum of the moves, thresholds drive the low-stock list.
#include <numeric>

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
