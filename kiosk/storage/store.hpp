// The kiosk's store database (SQLite): catalogue, stock, the sale journal, the open cart,
// staff and audit. The only SQL in kasir lives behind this interface (kiosk/storage).
#pragma once

#include <climits>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/cart.hpp"
#include "kiosk/core/pricing.hpp"
#include "kiosk/core/product.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/sale.hpp"
#include "kiosk/core/staff.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk::storage {

enum class OpenMode {
    CreateIfMissing,  // create and migrate a new database when the file does not exist
    MustExist,        // fail with a clear message when the file does not exist
};

// How to open a store (see Store::open). The defaults are what the kiosk uses.
struct StoreOptions {
    OpenMode mode = OpenMode::CreateIfMissing;
    // Route the file's I/O through the counting, fault-injecting VFS of io_probe.hpp:
    // benchmarks count fsyncs per sale with it, tests inject a full disk.
    bool probeIo = false;
    // How long a statement waits for another process's lock before failing with Conflict.
    int busyTimeoutMs = 5000;
    // Bytes of the file SQLite reads through mmap instead of read(2): a barcode lookup in a
    // large catalogue then costs memory accesses, not system calls. The price: a disk read
    // error becomes SIGBUS instead of an Error. 0 turns it off.
    int64_t mmapBytes = 256 << 20;
};

// The largest stock quantity (units, or grams for weighed products) that setStock,
// receiveStock and setLowStockThreshold accept, either sign: 10^12, a million tonnes in
// grams, beyond any store yet far inside int64, so a level and its sum of moves stay exact
// integers. Sales are not held to it (a sale is never refused for stock); they are refused,
// with Overflow, only where the level would leave int64.
inline constexpr int64_t kMaxStockQuantity = 1'000'000'000'000;

struct StockLevel {
    int64_t productId = 0;
    std::string gtin;
    std::string name;
    SaleUnit unit = SaleUnit::Each;
    int64_t onHand = 0;        // units, or grams for weighed products; may go negative
    int64_t lowThreshold = 0;  // at or below this the product is low on stock
};

// One entry of the stock ledger; a product's on-hand quantity is the sum of its moves.
struct StockMove {
    int64_t id = 0;
    int64_t productId = 0;
    int64_t delta = 0;     // units, or grams for weighed products
    std::string reason;    // "sale", "receive", "count" ... as given
    std::string saleUuid;  // the sale that moved the stock; empty otherwise
    Timestamp at = 0;
    friend bool operator==(const StockMove&, const StockMove&) = default;
};

struct SaleSummary {
    int64_t receiptNo = 0;
    std::string saleUuid;
    std::string storeId;
    std::string kioskId;
    Timestamp endedAt = 0;
    int64_t total = 0;
    int64_t lineCount = 0;
};

struct JournalCheck {
    bool ok = true;
    int64_t salesChecked = 0;
    std::string firstBreak;  // empty when ok: else which store/kiosk/receipt and why
};

// The cart of the transaction in progress, persisted on every change.
struct OpenCart {
    std::string saleUuid;
    Timestamp startedAt = 0;
    std::string language = "en";
    Cart cart;
    friend bool operator==(const OpenCart&, const OpenCart&) = default;
};

// One row of the append-only, hash-chained audit log. Who did what, when, on which kiosk,
// with the values before and after.
struct AuditEntry {
    Timestamp at = 0;
    std::string kioskId;
    std::string staffId;   // empty for the system
    std::string action;    // e.g. "age.approve", "line.void", "price.override", "staff.signin"
    std::string details;   // free text (never card, PIN or ID document data)
    std::string saleUuid;  // the transaction it concerns; empty when none
    std::string before;    // the value before ("price 25000"), empty when none
    std::string after;     // the value after ("price 20000"), empty when none
    // Set by storage (ignored by appendAudit): the row's position (1, 2, ... gapless) and
    // SHA-256 (hex) of the previous row's hash and this row's canonical text.
    int64_t seq = 0;
    std::string hash;
    friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

struct AuditCheck {
    bool ok = true;
    int64_t rowsChecked = 0;
    int64_t firstBadSeq = 0;  // 0 when ok: else the first row that was edited, deleted,
                              // inserted or moved (for a deleted row: the row after the gap)
    std::string why;          // plain words: "row 41 was edited (hash differs)", ...
};

struct AuditFilter {
    Timestamp from = 0;        // inclusive
    Timestamp to = INT64_MAX;  // exclusive
    std::string staffId;       // empty: everyone
    std::string action;        // empty: every action; "x." matches a prefix
    int limit = 1000;          // newest first
};

// A staff account. The PIN and badge are stored only as hashes (kiosk/staff makes them).
struct StaffMember {
    std::string id;
    std::string name;
    Role role = Role::Attendant;
    bool active = true;
    Timestamp createdAt = 0;
    // Sign-in state (kiosk/staff applies LockoutPolicy to it).
    int failedPins = 0;         // wrong PINs in a row since the last good one or lockout
    int lockouts = 0;           // lockouts so far (reset by a manager)
    Timestamp lockedUntil = 0;  // 0: not locked
    bool hasBadge = false;
    friend bool operator==(const StaffMember&, const StaffMember&) = default;
};

// A shift: clock-in to clock-out (open while `end` is 0).
struct Shift {
    int64_t id = 0;
    std::string staffId;
    std::string kioskId;  // where they clocked in
    Timestamp start = 0;
    Timestamp end = 0;
    friend bool operator==(const Shift&, const Shift&) = default;
};

// A lock on a kiosk, as the attendant saw it: raised, then cleared by someone in some way.
struct InterventionRecord {
    int64_t id = 0;
    std::string kioskId;
    std::string kind;    // lockKindName: "HelpRequested", "AgeCheckPending", ...
    std::string reason;  // the newest reason
    std::string saleUuid;
    Timestamp start = 0;
    Timestamp end = 0;      // 0 while open
    std::string clearedBy;  // staff id; "system" when it ended by itself; empty while open
    std::string how;        // "approved:id-viewed", "refused", "voided", "cleared", ...
    friend bool operator==(const InterventionRecord&, const InterventionRecord&) = default;
};

// A transaction put aside with a code, to be resumed once, on any kiosk sharing the store.
struct SuspendedCart {
    std::string code;  // 8 digits
    std::string kioskId;
    std::string staffId;  // who suspended it
    OpenCart cart;
    Timestamp suspendedAt = 0;
    Timestamp resumedAt = 0;   // 0 while waiting
    std::string resumedKiosk;  // where it was resumed
    friend bool operator==(const SuspendedCart&, const SuspendedCart&) = default;
};

// A payment (or reversal) as kasir asked the terminal for it. Committed PENDING before the
// request leaves; its outcome is final once recorded. An approved payment is settled when the
// sale with its uuid is journaled (split tender: one sale, several approved intents).
enum class IntentKind { Payment, Reversal };
enum class IntentState { Pending, Approved, Declined, Cancelled, Failed };
const char* toString(IntentState state);

struct PaymentIntent {
    int64_t id = 0;  // assigned by storage
    std::string kioskId;
    std::string saleUuid;
    std::string serviceId;  // nexo ServiceID of the request
    IntentKind kind = IntentKind::Payment;
    int attempt = 1;
    int64_t amount = 0;    // minor units
    std::string currency;  // ISO 4217 code
    IntentState state = IntentState::Pending;
    std::string detail;             // why declined/failed, for the attendant; no card data
    std::optional<Tender> tender;   // approved: PCI-allowed fields only
    std::string originalServiceId;  // reversal: the payment it reverses
    bool settled = false;           // approved payment whose sale is journaled (read only)
    Timestamp createdAt = 0;
    Timestamp updatedAt = 0;
};

// A Store is one SQLite connection: use it from one thread at a time (several processes, or
// several Stores, may share the file; SQLite's locks and the busy timeout arbitrate).
class Store {
  public:
    // Opens (and, in CreateIfMissing mode, creates) the database at `path`: WAL, foreign keys
    // on, synchronous=FULL, migrations applied. A corrupt or foreign file, a newer schema, a
    // read-only directory or a full disk gives an Error naming the file; nothing is changed.
    static Result<std::unique_ptr<Store>> open(const std::string& path,
                                               OpenMode mode = OpenMode::CreateIfMissing);
    static Result<std::unique_ptr<Store>> open(const std::string& path,
                                               const StoreOptions& options);
    virtual ~Store() = default;

    virtual const std::string& path() const = 0;
    virtual int schemaVersion() const = 0;

    // Key/value settings of the store database (e.g. "currency", "store.name").
    virtual Result<void> setSetting(std::string_view key, std::string_view value) = 0;
    virtual Result<std::optional<std::string>> setting(std::string_view key) = 0;

    // Runs `body` in one transaction: committed when it returns ok, rolled back otherwise.
    virtual Result<void> transaction(const std::function<Result<void>()>& body) = 0;

    // --- Catalogue ---
    virtual Result<void> upsertTaxClass(const TaxClass& taxClass) = 0;
    virtual Result<std::vector<TaxClass>> taxClasses() = 0;
    // Inserts or updates by primary GTIN (or PLU when there is no GTIN); the product's barcode
    // list replaces the stored one. Returns the product id.
    virtual Result<int64_t> upsertProduct(const Product& product) = 0;
    virtual Result<std::optional<Product>> productByBarcode(std::string_view gtin14) = 0;
    virtual Result<std::optional<Product>> productByPlu(std::string_view plu) = 0;
    virtual Result<std::optional<Product>> productById(int64_t id) = 0;
    // Case-insensitive match on name (any language), code or PLU; active products only.
    virtual Result<std::vector<Product>> searchProducts(std::string_view text, int limit) = 0;
    virtual Result<std::vector<Product>> allProducts() = 0;
    virtual Result<int64_t> upsertPromotion(const Promotion& promotion) = 0;
    virtual Result<std::vector<Promotion>> promotions() = 0;

    // --- Stock ---
    virtual Result<StockLevel> stock(int64_t productId) = 0;
    // Counts, receipts and thresholds beyond +/-kMaxStockQuantity are InvalidArgument; a
    // receipt that would take the level past it, or a count too far from the level for one
    // move, is Overflow. Nothing is written then.
    virtual Result<void> setStock(int64_t productId, int64_t onHand, std::string_view reason) = 0;
    virtual Result<void> receiveStock(int64_t productId, int64_t quantity,
                                      std::string_view reason) = 0;
    virtual Result<void> setLowStockThreshold(int64_t productId, int64_t threshold) = 0;
    virtual Result<std::vector<StockLevel>> lowStock() = 0;
    // The ledger of one product, oldest first; and the moves one sale made, in line order.
    virtual Result<std::vector<StockMove>> stockMoves(int64_t productId) = 0;
    virtual Result<std::vector<StockMove>> saleStockMoves(std::string_view saleUuid) = 0;

    // --- Sale journal ---
    // Completes a sale in ONE transaction with synchronous=FULL: assigns the next gapless
    // receipt number of (storeId, kioskId), links the hash chain, writes lines, discounts,
    // taxes, tenders and stock moves, and clears that kiosk's open cart if it is this sale's
    // (another sale's cart stays). Completing the same saleUuid again returns the stored
    // sale and changes nothing. Text that is not valid UTF-8 (a terminal's Latin-1 receipt
    // line) is journaled, hashed and returned with U+FFFD for the bad bytes; sale uuid, store
    // and kiosk id must be valid UTF-8 (InvalidArgument). Returns the sale as journaled.
    virtual Result<SaleRecord> completeSale(SaleRecord sale) = 0;
    virtual Result<std::vector<SaleSummary>> sales(int limit, int offset) = 0;
    virtual Result<std::optional<SaleRecord>> saleByReceipt(std::string_view storeId,
                                                            std::string_view kioskId,
                                                            int64_t receiptNo) = 0;
    virtual Result<std::optional<SaleRecord>> saleByUuid(std::string_view saleUuid) = 0;
    // Recomputes every hash and checks gapless numbering; reports the first break.
    virtual Result<JournalCheck> verifyJournal() = 0;

    // --- Open cart (one per kiosk) ---
    virtual Result<void> saveOpenCart(std::string_view kioskId, const OpenCart& cart) = 0;
    virtual Result<std::optional<OpenCart>> loadOpenCart(std::string_view kioskId) = 0;
    virtual Result<void> clearOpenCart(std::string_view kioskId) = 0;

    // --- Audit: append-only and hash-chained (migration 3) ---
    // Appends one row (synchronous=FULL) and links it to the chain: seq and hash are assigned
    // here. Safe inside transaction() (it then commits with the caller's work).
    virtual Result<void> appendAudit(const AuditEntry& entry) = 0;
    // Newest first, at most `limit` rows.
    virtual Result<std::vector<AuditEntry>> audit(int limit) = 0;
    virtual Result<std::vector<AuditEntry>> audit(const AuditFilter& filter) = 0;
    // Re-reads every row in seq order and recomputes the chain: names the first row that was
    // edited, deleted, inserted or reordered. `progress` (may be empty) is told rows done.
    virtual Result<AuditCheck> verifyAudit(
        const std::function<void(int64_t done)>& progress = {}) = 0;

    // --- Staff (kiosk/staff owns the rules; this only keeps the rows) ---
    // Conflict when the id exists. The hashes are opaque strings (Argon2id, SHA-256).
    virtual Result<void> addStaff(const StaffMember& member, std::string_view pinHash) = 0;
    virtual Result<std::optional<StaffMember>> staffMember(std::string_view id) = 0;
    virtual Result<std::vector<StaffMember>> staffMembers(bool includeInactive) = 0;
    // NotFound for an unknown id (for every setter below).
    virtual Result<void> updateStaff(const StaffMember& member) = 0;  // name, role, active
    virtual Result<std::string> staffPinHash(std::string_view id) = 0;
    // Also clears failedPins, lockouts and lockedUntil (a new PIN from a manager).
    virtual Result<void> setStaffPinHash(std::string_view id, std::string_view pinHash) = 0;
    virtual Result<void> setSignInState(std::string_view id, int failedPins, int lockouts,
                                        Timestamp lockedUntil) = 0;
    // Empty string: no badge.
    virtual Result<std::string> staffBadgeHash(std::string_view id) = 0;
    virtual Result<void> setStaffBadgeHash(std::string_view id, std::string_view badgeHash) = 0;

    // The permission table; rows the store never changed keep the defaults.
    virtual Result<PermissionTable> permissions() = 0;
    virtual Result<void> setPermission(Role role, StaffAction action, bool allowed) = 0;

    // --- Shifts ---
    // Conflict when the member already has an open shift; NotFound for an unknown id.
    virtual Result<Shift> clockIn(std::string_view staffId, std::string_view kioskId,
                                  Timestamp at) = 0;
    // Closes the open shift; NotFound when there is none.
    virtual Result<Shift> clockOut(std::string_view staffId, Timestamp at) = 0;
    virtual Result<std::optional<Shift>> openShift(std::string_view staffId) = 0;
    // Shifts overlapping [from, to), oldest first; open ones included.
    virtual Result<std::vector<Shift>> shifts(Timestamp from, Timestamp to) = 0;

    // --- Interventions ---
    // Opens one (kind, kiosk) record, or, when that kind is already open on the kiosk, updates
    // its reason (its start stays). Returns the record.
    virtual Result<InterventionRecord> openIntervention(std::string_view kioskId,
                                                        std::string_view kind,
                                                        std::string_view reason,
                                                        std::string_view saleUuid,
                                                        Timestamp start) = 0;
    // Closes the open record of (kiosk, kind); NotFound when none is open.
    virtual Result<InterventionRecord> closeIntervention(std::string_view kioskId,
                                                         std::string_view kind,
                                                         std::string_view clearedBy,
                                                         std::string_view how, Timestamp end) = 0;
    // Every open record of the kiosk (empty id: of every kiosk), oldest first.
    virtual Result<std::vector<InterventionRecord>> openInterventions(std::string_view kioskId) = 0;
    // Records that started in [from, to), oldest first.
    virtual Result<std::vector<InterventionRecord>> interventions(Timestamp from, Timestamp to) = 0;

    // --- Suspended transactions ---
    // Saves the cart under `code` and clears the kiosk's open cart, in one transaction
    // (synchronous=FULL). Conflict when the code is taken (draw another).
    virtual Result<void> suspendCart(const SuspendedCart& suspended) = 0;
    // Marks the code resumed on `kioskId` and makes its cart that kiosk's open cart, in one
    // transaction: a code resumes once, even with two kiosks racing. NotFound for an unknown
    // code; Conflict (the message names the kiosk and time) when it was resumed before.
    virtual Result<SuspendedCart> resumeSuspended(std::string_view code, std::string_view kioskId,
                                                  Timestamp at) = 0;
    // Waiting ones, oldest first (and resumed ones too when asked).
    virtual Result<std::vector<SuspendedCart>> suspendedCarts(bool includeResumed) = 0;

    // --- Payment intents (kiosk/payment) ---
    // The next nexo ServiceID for `kioskId`: `prefix` (0-2 alphanumerics) and 8 digits of a
    // counter kept in the database (one for the whole file), committed (synchronous=FULL)
    // before it is returned, so an id is never handed out twice, across restarts too. A new counter
    // starts from the clock (seconds mod 10^8), so a database restored or recreated within 48 hours
    // does not repeat the ids the old one used (they were taken at less than one per second).
    virtual Result<std::string> nextServiceId(std::string_view kioskId,
                                              std::string_view prefix) = 0;
    // Commits a PENDING intent (one transaction, synchronous=FULL). The ServiceID must be
    // unused (Conflict otherwise). Returns it with its id and times.
    virtual Result<PaymentIntent> createPaymentIntent(const PaymentIntent& intent) = 0;
    // Records the outcome of a PENDING intent: Approved (with its tender), Declined,
    // Cancelled or Failed (nothing charged). Recording the same outcome again returns the
    // stored intent; a different outcome for a decided intent is Conflict, and NotFound for
    // an unknown ServiceID. The tender's text is made valid UTF-8.
    virtual Result<PaymentIntent> recordPaymentOutcome(std::string_view serviceId,
                                                       IntentState state, std::string_view detail,
                                                       const std::optional<Tender>& tender) = 0;
    virtual Result<std::optional<PaymentIntent>> paymentIntent(std::string_view serviceId) = 0;
    // All intents of a sale, oldest first.
    virtual Result<std::vector<PaymentIntent>> paymentIntents(std::string_view saleUuid) = 0;
    // What start-up must resolve for `kioskId`, oldest first: PENDING intents, and approved
    // payments whose sale is not journaled and that no approved reversal undid.
    virtual Result<std::vector<PaymentIntent>> unresolvedPaymentIntents(
        std::string_view kioskId) = 0;

    // --- Maintenance ---
    // PRAGMA integrity_check and foreign_key_check: Corrupt with the first problems found.
    // Reads the whole file, so it is for the back office and tests, not for every start.
    virtual Result<void> integrityCheck() = 0;
};

// SHA-256 of prevHash and canonicalSaleText(sale), as lowercase hex.
std::string saleHash(const std::string& prevHash, const SaleRecord& sale);

}  // namespace kiosk::storage
