// A Store that forwards every call to a real one, except that appendAudit can be made to fail:
// the tests prove with it that a change whose audit row cannot be written is rolled back.
#pragma once

#include <memory>

#include "kiosk/storage/store.hpp"

namespace kiosk::storage {

class ForwardingStore : public Store {
  public:
    explicit ForwardingStore(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {}
    Store& inner() { return *inner_; }
    bool failAudit = false;

    const std::string& path() const override { return inner_->path(); }
    int schemaVersion() const override { return inner_->schemaVersion(); }
    Result<void> setSetting(std::string_view key, std::string_view value) override {
        return inner_->setSetting(key, value);
    }
    Result<std::optional<std::string>> setting(std::string_view key) override {
        return inner_->setting(key);
    }
    Result<void> transaction(const std::function<Result<void>()>& body) override {
        return inner_->transaction(body);
    }
    Result<void> upsertTaxClass(const TaxClass& taxClass) override {
        return inner_->upsertTaxClass(taxClass);
    }
    Result<std::vector<TaxClass>> taxClasses() override { return inner_->taxClasses(); }
    Result<int64_t> upsertProduct(const Product& product) override {
        return inner_->upsertProduct(product);
    }
    Result<std::optional<Product>> productByBarcode(std::string_view gtin14) override {
        return inner_->productByBarcode(gtin14);
    }
    Result<std::optional<Product>> productByPlu(std::string_view plu) override {
        return inner_->productByPlu(plu);
    }
    Result<std::optional<Product>> productById(int64_t id) override {
        return inner_->productById(id);
    }
    Result<std::vector<Product>> searchProducts(std::string_view text, int limit) override {
        return inner_->searchProducts(text, limit);
    }
    Result<std::vector<Product>> allProducts() override { return inner_->allProducts(); }
    Result<int64_t> upsertPromotion(const Promotion& promotion) override {
        return inner_->upsertPromotion(promotion);
    }
    Result<std::vector<Promotion>> promotions() override { return inner_->promotions(); }
    Result<StockLevel> stock(int64_t productId) override { return inner_->stock(productId); }
    Result<void> setStock(int64_t productId, int64_t onHand, std::string_view reason) override {
        return inner_->setStock(productId, onHand, reason);
    }
    Result<void> receiveStock(int64_t productId, int64_t quantity,
                              std::string_view reason) override {
        return inner_->receiveStock(productId, quantity, reason);
    }
    Result<void> setLowStockThreshold(int64_t productId, int64_t threshold) override {
        return inner_->setLowStockThreshold(productId, threshold);
    }
    Result<std::vector<StockLevel>> lowStock() override { return inner_->lowStock(); }
    Result<std::vector<StockMove>> stockMoves(int64_t productId) override {
        return inner_->stockMoves(productId);
    }
    Result<std::vector<StockMove>> saleStockMoves(std::string_view saleUuid) override {
        return inner_->saleStockMoves(saleUuid);
    }
    Result<SaleRecord> completeSale(SaleRecord sale) override { return inner_->completeSale(sale); }
    Result<std::vector<SaleSummary>> sales(int limit, int offset) override {
        return inner_->sales(limit, offset);
    }
    Result<std::optional<SaleRecord>> saleByReceipt(std::string_view storeId,
                                                    std::string_view kioskId,
                                                    int64_t receiptNo) override {
        return inner_->saleByReceipt(storeId, kioskId, receiptNo);
    }
    Result<std::optional<SaleRecord>> saleByUuid(std::string_view saleUuid) override {
        return inner_->saleByUuid(saleUuid);
    }
    Result<JournalCheck> verifyJournal() override { return inner_->verifyJournal(); }
    Result<void> saveOpenCart(std::string_view kioskId, const OpenCart& cart) override {
        return inner_->saveOpenCart(kioskId, cart);
    }
    Result<std::optional<OpenCart>> loadOpenCart(std::string_view kioskId) override {
        return inner_->loadOpenCart(kioskId);
    }
    Result<void> clearOpenCart(std::string_view kioskId) override {
        return inner_->clearOpenCart(kioskId);
    }
    Result<void> appendAudit(const AuditEntry& entry) override {
        if (failAudit)
            return makeError(ErrorCode::Io, "injected: the audit row could not be written");
        return inner_->appendAudit(entry);
    }
    Result<std::vector<AuditEntry>> audit(int limit) override { return inner_->audit(limit); }
    Result<std::vector<AuditEntry>> audit(const AuditFilter& filter) override {
        return inner_->audit(filter);
    }
    Result<AuditCheck> verifyAudit(const std::function<void(int64_t done)>& progress) override {
        return inner_->verifyAudit(progress);
    }
    Result<void> addStaff(const StaffMember& member, std::string_view pinHash) override {
        return inner_->addStaff(member, pinHash);
    }
    Result<std::optional<StaffMember>> staffMember(std::string_view id) override {
        return inner_->staffMember(id);
    }
    Result<std::vector<StaffMember>> staffMembers(bool includeInactive) override {
        return inner_->staffMembers(includeInactive);
    }
    Result<void> updateStaff(const StaffMember& member) override {
        return inner_->updateStaff(member);
    }
    Result<std::string> staffPinHash(std::string_view id) override {
        return inner_->staffPinHash(id);
    }
    Result<void> setStaffPinHash(std::string_view id, std::string_view pinHash) override {
        return inner_->setStaffPinHash(id, pinHash);
    }
    Result<void> setSignInState(std::string_view id, int failedPins, int lockouts,
                                Timestamp lockedUntil) override {
        return inner_->setSignInState(id, failedPins, lockouts, lockedUntil);
    }
    Result<std::string> staffBadgeHash(std::string_view id) override {
        return inner_->staffBadgeHash(id);
    }
    Result<void> setStaffBadgeHash(std::string_view id, std::string_view badgeHash) override {
        return inner_->setStaffBadgeHash(id, badgeHash);
    }
    Result<PermissionTable> permissions() override { return inner_->permissions(); }
    Result<void> setPermission(Role role, StaffAction action, bool allowed) override {
        return inner_->setPermission(role, action, allowed);
    }
    Result<Shift> clockIn(std::string_view staffId, std::string_view kioskId,
                          Timestamp at) override {
        return inner_->clockIn(staffId, kioskId, at);
    }
    Result<Shift> clockOut(std::string_view staffId, Timestamp at) override {
        return inner_->clockOut(staffId, at);
    }
    Result<std::optional<Shift>> openShift(std::string_view staffId) override {
        return inner_->openShift(staffId);
    }
    Result<std::vector<Shift>> shifts(Timestamp from, Timestamp to) override {
        return inner_->shifts(from, to);
    }
    Result<InterventionRecord> openIntervention(std::string_view kioskId, std::string_view kind,
                                                std::string_view reason, std::string_view saleUuid,
                                                Timestamp start) override {
        return inner_->openIntervention(kioskId, kind, reason, saleUuid, start);
    }
    Result<InterventionRecord> closeIntervention(std::string_view kioskId, std::string_view kind,
                                                 std::string_view clearedBy, std::string_view how,
                                                 Timestamp end) override {
        return inner_->closeIntervention(kioskId, kind, clearedBy, how, end);
    }
    Result<std::vector<InterventionRecord>> openInterventions(std::string_view kioskId) override {
        return inner_->openInterventions(kioskId);
    }
    Result<std::vector<InterventionRecord>> interventions(Timestamp from, Timestamp to) override {
        return inner_->interventions(from, to);
    }
    Result<void> suspendCart(const SuspendedCart& suspended) override {
        return inner_->suspendCart(suspended);
    }
    Result<SuspendedCart> resumeSuspended(std::string_view code, std::string_view kioskId,
                                          Timestamp at) override {
        return inner_->resumeSuspended(code, kioskId, at);
    }
    Result<std::vector<SuspendedCart>> suspendedCarts(bool includeResumed) override {
        return inner_->suspendedCarts(includeResumed);
    }
    Result<std::string> nextServiceId(std::string_view kioskId, std::string_view prefix) override {
        return inner_->nextServiceId(kioskId, prefix);
    }
    Result<PaymentIntent> createPaymentIntent(const PaymentIntent& intent) override {
        return inner_->createPaymentIntent(intent);
    }
    Result<PaymentIntent> recordPaymentOutcome(std::string_view serviceId, IntentState state,
                                               std::string_view detail,
                                               const std::optional<Tender>& tender) override {
        return inner_->recordPaymentOutcome(serviceId, state, detail, tender);
    }
    Result<std::optional<PaymentIntent>> paymentIntent(std::string_view serviceId) override {
        return inner_->paymentIntent(serviceId);
    }
    Result<std::vector<PaymentIntent>> paymentIntents(std::string_view saleUuid) override {
        return inner_->paymentIntents(saleUuid);
    }
    Result<std::vector<PaymentIntent>> unresolvedPaymentIntents(std::string_view kioskId) override {
        return inner_->unresolvedPaymentIntents(kioskId);
    }
    Result<void> integrityCheck() override { return inner_->integrityCheck(); }

  private:
    std::unique_ptr<Store> inner_;
};

}  // namespace kiosk::storage
