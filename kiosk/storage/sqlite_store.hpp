// The SQLite implementation of Store. Its methods are spread over several files by topic:
// sqlite_store.cpp (open, settings, transactions), store_catalogue.cpp, store_stock.cpp,
// store_journal.cpp, store_open_cart.cpp (open carts and audit).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kiosk/storage/database.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::storage {

class SqliteStore final : public Store {
  public:
    static Result<std::unique_ptr<Store>> open(const std::string& path,
                                               const StoreOptions& options);

    const std::string& path() const override { return db_->path(); }
    int schemaVersion() const override { return schemaVersion_; }

    Result<void> setSetting(std::string_view key, std::string_view value) override;
    Result<std::optional<std::string>> setting(std::string_view key) override;
    Result<void> transaction(const std::function<Result<void>()>& body) override;

    Result<void> upsertTaxClass(const TaxClass& taxClass) override;
    Result<std::vector<TaxClass>> taxClasses() override;
    Result<int64_t> upsertProduct(const Product& product) override;
    Result<std::optional<Product>> productByBarcode(std::string_view gtin14) override;
    Result<std::optional<Product>> productByPlu(std::string_view plu) override;
    Result<std::optional<Product>> productById(int64_t id) override;
    Result<std::vector<Product>> searchProducts(std::string_view text, int limit) override;
    Result<std::vector<Product>> allProducts() override;
    Result<int64_t> upsertPromotion(const Promotion& promotion) override;
    Result<std::vector<Promotion>> promotions() override;

    Result<StockLevel> stock(int64_t productId) override;
    Result<void> setStock(int64_t productId, int64_t onHand, std::string_view reason) override;
    Result<void> receiveStock(int64_t productId, int64_t quantity,
                              std::string_view reason) override;
    Result<void> setLowStockThreshold(int64_t productId, int64_t threshold) override;
    Result<std::vector<StockLevel>> lowStock() override;
    Result<std::vector<StockMove>> stockMoves(int64_t productId) override;
    Result<std::vector<StockMove>> saleStockMoves(std::string_view saleUuid) override;

    Result<SaleRecord> completeSale(SaleRecord sale) override;
    Result<std::vector<SaleSummary>> sales(int limit, int offset) override;
    Result<std::optional<SaleRecord>> saleByReceipt(std::string_view storeId,
                                                    std::string_view kioskId,
                                                    int64_t receiptNo) override;
    Result<std::optional<SaleRecord>> saleByUuid(std::string_view saleUuid) override;
    Result<JournalCheck> verifyJournal() override;

    Result<void> saveOpenCart(std::string_view kioskId, const OpenCart& cart) override;
    Result<std::optional<OpenCart>> loadOpenCart(std::string_view kioskId) override;
    Result<void> clearOpenCart(std::string_view kioskId) override;

    Result<void> appendAudit(const AuditEntry& entry) override;
    Result<std::vector<AuditEntry>> audit(int limit) override;
    Result<std::vector<AuditEntry>> audit(const AuditFilter& filter) override;
    Result<AuditCheck> verifyAudit(const std::function<void(int64_t done)>& progress) override;

    Result<void> addStaff(const StaffMember& member, std::string_view pinHash) override;
    Result<std::optional<StaffMember>> staffMember(std::string_view id) override;
    Result<std::vector<StaffMember>> staffMembers(bool includeInactive) override;
    Result<void> updateStaff(const StaffMember& member) override;
    Result<std::string> staffPinHash(std::string_view id) override;
    Result<void> setStaffPinHash(std::string_view id, std::string_view pinHash) override;
    Result<void> setSignInState(std::string_view id, int failedPins, int lockouts,
                                Timestamp lockedUntil) override;
    Result<std::string> staffBadgeHash(std::string_view id) override;
    Result<void> setStaffBadgeHash(std::string_view id, std::string_view badgeHash) override;
    Result<PermissionTable> permissions() override;
    Result<void> setPermission(Role role, StaffAction action, bool allowed) override;

    Result<Shift> clockIn(std::string_view staffId, std::string_view kioskId,
                          Timestamp at) override;
    Result<Shift> clockOut(std::string_view staffId, Timestamp at) override;
    Result<std::optional<Shift>> openShift(std::string_view staffId) override;
    Result<std::vector<Shift>> shifts(Timestamp from, Timestamp to) override;

    Result<InterventionRecord> openIntervention(std::string_view kioskId, std::string_view kind,
                                                std::string_view reason, std::string_view saleUuid,
                                                Timestamp start) override;
    Result<InterventionRecord> closeIntervention(std::string_view kioskId, std::string_view kind,
                                                 std::string_view clearedBy, std::string_view how,
                                                 Timestamp end) override;
    Result<std::vector<InterventionRecord>> openInterventions(std::string_view kioskId) override;
    Result<std::vector<InterventionRecord>> interventions(Timestamp from, Timestamp to) override;

    Result<void> suspendCart(const SuspendedCart& suspended) override;
    Result<SuspendedCart> resumeSuspended(std::string_view code, std::string_view kioskId,
                                          Timestamp at) override;
    Result<std::vector<SuspendedCart>> suspendedCarts(bool includeResumed) override;

    Result<std::string> nextServiceId(std::string_view kioskId, std::string_view prefix) override;
    Result<PaymentIntent> createPaymentIntent(const PaymentIntent& intent) override;
    Result<PaymentIntent> recordPaymentOutcome(std::string_view serviceId, IntentState state,
                                               std::string_view detail,
                                               const std::optional<Tender>& tender) override;
    Result<std::optional<PaymentIntent>> paymentIntent(std::string_view serviceId) override;
    Result<std::vector<PaymentIntent>> paymentIntents(std::string_view saleUuid) override;
    Result<std::vector<PaymentIntent>> unresolvedPaymentIntents(std::string_view kioskId) override;

    Result<void> integrityCheck() override;

  private:
    explicit SqliteStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}

    Result<void> configure(const StoreOptions& options);
    Result<void> migrate();

    // Transactions nest: the outermost is BEGIN IMMEDIATE (the write lock up front, so a
    // busy database fails at the start rather than half-way), inner ones are savepoints.
    // That lets the CLI wrap a whole import, or a test several sales, in transaction().
    Result<void> begin();
    Result<void> commit();
    void rollback();
    // Runs `body` (returning Result<T>) inside begin/commit, rolling back when it fails.
    template <typename F>
    auto atomically(F&& body) -> decltype(body()) {
        if (auto started = begin(); !started)
            return started.error();
        auto result = body();
        if (!result) {
            rollback();
            return result;
        }
        if (auto committed = commit(); !committed) {
            rollback();
            return committed.error();
        }
        return result;
    }

    // Runs `body` (reads only) in one deferred transaction unless one is open already: its
    // SELECTs see one snapshot and take the file's locks once instead of once each. On the
    // barcode path the lock system calls cost more than the b-tree lookups.
    template <typename F>
    auto readSnapshot(F&& body) -> decltype(body()) {
        if (depth_ > 0)
            return body();
        if (auto started = beginRead(); !started)
            return started.error();
        ++depth_;
        auto result = body();
        --depth_;
        if (auto ended = endRead(); !ended && result)
            return ended.error();
        return result;
    }
    Result<void> beginRead();
    Result<void> endRead();

    // Catalogue helpers (store_catalogue.cpp).
    Result<std::optional<Product>> productWhere(const char* sql, const char* what,
                                                std::string_view key, int64_t id);
    Result<std::vector<Product>> productsByIds(const std::vector<int64_t>& ids);
    Result<bool> productExists(int64_t productId);

    // Stock helpers (store_stock.cpp): one ledger entry plus the matching stock row change.
    Result<void> moveStock(int64_t productId, int64_t delta, std::string_view reason,
                           std::optional<int64_t> saleId, Timestamp at);

    // Journal helpers (store_journal.cpp).
    Result<std::optional<int64_t>> saleIdByUuid(std::string_view saleUuid);
    Result<SaleRecord> loadSale(int64_t saleId);
    Result<int64_t> insertSale(const SaleRecord& sale);
    Result<JournalCheck> verifyJournalInSnapshot();

    // Payment intent helpers (store_payment.cpp).
    Result<std::vector<PaymentIntent>> intentsWhere(const char* sql, const char* what,
                                                    std::string_view key);

    std::unique_ptr<Database> db_;
    int schemaVersion_ = 0;
    int depth_ = 0;  // transaction nesting
};

// Milliseconds since the epoch, for rows whose time storage itself stamps (stock moves,
// open-cart updates). Sales carry their own times from the checkout.
Timestamp storageNow();

}  // namespace kiosk::storage
