// Migration 1 creates the whole first schema: catalogue, stock, sale journal, open carts,
// staff and audit; 2 adds payment intents; 3 staff, shifts, interventions, suspended carts
// and the audit chain. Money is INTEGER minor units, times are INTEGER milliseconds (UTC).
#include "kiosk/storage/schema.hpp"

#include "kiosk/storage/audit_chain.hpp"

#include <algorithm>
#include <iterator>

namespace kiosk::storage {
namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE tax_classes (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    rate INTEGER NOT NULL                      -- parts per million
) WITHOUT ROWID;

-- gtin and plu are NULL when absent so that UNIQUE applies only to real codes.
CREATE TABLE products (
    id           INTEGER PRIMARY KEY,
    gtin         TEXT UNIQUE,                  -- GTIN-14
    plu          TEXT,
    unit         TEXT NOT NULL CHECK (unit IN ('each', 'weight')),
    price        INTEGER NOT NULL,             -- per unit, or per kilogram
    tax_class    TEXT REFERENCES tax_classes(code),
    age_category TEXT,                         -- NULL: not age-restricted
    min_age      INTEGER,
    image_path   TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE UNIQUE INDEX products_by_plu ON products(plu) WHERE plu IS NOT NULL;
CREATE INDEX products_by_category ON products(category);

CREATE TABLE product_names (
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    name       TEXT NOT NULL,
    PRIMARY KEY (product_id, lang)
) WITHOUT ROWID;
CREATE INDEX product_names_by_name ON product_names(name COLLATE NOCASE);

-- Every code that sells a product. WITHOUT ROWID makes the primary key the table itself: a
-- scanned code finds its product in one b-tree descent (the covering index of the hot path).
-- position orders Product::barcodes; it is NULL for a primary GTIN the list does not repeat.
CREATE TABLE barcodes (
    code       TEXT PRIMARY KEY NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position   INTEGER
) WITHOUT ROWID;
CREATE INDEX barcodes_by_product ON barcodes(product_id, position);

CREATE TABLE promotions (
    id          INTEGER PRIMARY KEY,
    label       TEXT NOT NULL,
    kind        TEXT NOT NULL
                CHECK (kind IN ('buy_n_pay_m', 'n_for_price', 'percent_off', 'amount_off')),
    n           INTEGER NOT NULL DEFAULT 0,
    m           INTEGER NOT NULL DEFAULT 0,
    amount      INTEGER NOT NULL DEFAULT 0,
    percent     INTEGER NOT NULL DEFAULT 0,    -- basis points
    valid_from  INTEGER NOT NULL,              -- inclusive
    valid_until INTEGER NOT NULL               -- exclusive
);

CREATE TABLE promotion_products (
    promotion_id INTEGER NOT NULL REFERENCES promotions(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    product_id   INTEGER NOT NULL REFERENCES products(id),
    PRIMARY KEY (promotion_id, position)
) WITHOUT ROWID;
CREATE INDEX promotion_products_by_product ON promotion_products(product_id);

CREATE TABLE stock (
    product_id    INTEGER PRIMARY KEY REFERENCES products(id),
    on_hand       INTEGER NOT NULL DEFAULT 0,  -- units or grams; negative when the count is off
    low_threshold INTEGER NOT NULL DEFAULT 0
);

-- The stock ledger: stock.on_hand is always the sum of a product's moves.
CREATE TABLE stock_moves (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    delta      INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    sale_id    INTEGER REFERENCES sales(id),
    at         INTEGER NOT NULL
);
CREATE INDEX stock_moves_by_product ON stock_moves(product_id, id);
CREATE INDEX stock_moves_by_sale ON stock_moves(sale_id) WHERE sale_id IS NOT NULL;

-- The sale journal. hash = SHA-256(prev_hash + "\n" + canonicalSaleText), chained per store
-- and kiosk in receipt order, so a changed or missing row shows. AUTOINCREMENT: a sale id is
-- never reused, even after the newest sale was deleted behind kasir's back.
CREATE TABLE sales (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    sale_uuid         TEXT NOT NULL UNIQUE,
    store_id          TEXT NOT NULL,
    kiosk_id          TEXT NOT NULL,
    receipt_no        INTEGER NOT NULL CHECK (receipt_no >= 1),
    started_at        INTEGER NOT NULL,
    ended_at          INTEGER NOT NULL,
    currency          TEXT NOT NULL,
    currency_exponent INTEGER NOT NULL,
    language          TEXT NOT NULL,
    tax_mode          TEXT NOT NULL CHECK (tax_mode IN ('inclusive', 'exclusive')),
    subtotal          INTEGER NOT NULL,
    discount_total    INTEGER NOT NULL,
    tax_total         INTEGER NOT NULL,
    total             INTEGER NOT NULL,
    line_count        INTEGER NOT NULL,
    prev_hash         TEXT NOT NULL,
    hash              TEXT NOT NULL,
    UNIQUE (store_id, kiosk_id, receipt_no)
);
CREATE INDEX sales_by_time ON sales(ended_at);

CREATE TABLE sale_lines (
    sale_id         INTEGER NOT NULL REFERENCES sales(id),
    position        INTEGER NOT NULL,
    line_id         INTEGER NOT NULL,
    product_id      INTEGER NOT NULL REFERENCES products(id),
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    quantity        INTEGER NOT NULL,
    weight_grams    INTEGER NOT NULL,
    unit_price      INTEGER NOT NULL,
    gross           INTEGER NOT NULL,
    discount        INTEGER NOT NULL,
    net             INTEGER NOT NULL,
    tax_class       TEXT NOT NULL,
    tax             INTEGER NOT NULL,
    override_reason TEXT NOT NULL,
    PRIMARY KEY (sale_id, position)
) WITHOUT ROWID;

CREATE TABLE sale_discounts (
    sale_id      INTEGER NOT NULL REFERENCES sales(id),
    position     INTEGER NOT NULL,
    promotion_id INTEGER NOT NULL,
    label        TEXT NOT NULL,
    line_id      INTEGER NOT NULL,
    amount       INTEGER NOT NULL,
    PRIMARY KEY (sale_id, position)
) WITHOUT ROWID;

CREATE TABLE sale_taxes (
    sale_id   INTEGER NOT NULL REFERENCES sales(id),
    position  INTEGER NOT NULL,
    tax_class TEXT NOT NULL,
    name      TEXT NOT NULL,
    rate      INTEGER NOT NULL,
    base      INTEGER NOT NULL,
    tax       INTEGER NOT NULL,
    gross     INTEGER NOT NULL,
    PRIMARY KEY (sale_id, position)
) WITHOUT ROWID;

-- Only what PCI scope allows: never a full card number or an expiry date.
CREATE TABLE sale_tenders (
    sale_id                 INTEGER NOT NULL REFERENCES sales(id),
    position                INTEGER NOT NULL,
    method                  TEXT NOT NULL,
    amount                  INTEGER NOT NULL,
    brand                   TEXT NOT NULL,
    masked_pan              TEXT NOT NULL,
    entry_mode              TEXT NOT NULL,
    approval_code           TEXT NOT NULL,
    terminal_transaction_id TEXT NOT NULL,
    reconciliation_id       TEXT NOT NULL,
    receipt_lines           TEXT NOT NULL,     -- JSON array of strings
    PRIMARY KEY (sale_id, position)
) WITHOUT ROWID;

CREATE TABLE receipt_counters (
    store_id TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    next_no  INTEGER NOT NULL,
    PRIMARY KEY (store_id, kiosk_id)
) WITHOUT ROWID;

CREATE TABLE open_carts (
    kiosk_id   TEXT PRIMARY KEY NOT NULL,
    sale_uuid  TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    language   TEXT NOT NULL,
    cart       TEXT NOT NULL,                  -- JSON, see cart_json.hpp
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE staff (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,
    pin_hash   TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- No foreign key to staff: the log must also keep what unknown or deleted ids attempted.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    kiosk_id TEXT NOT NULL,
    staff_id TEXT,
    action   TEXT NOT NULL,
    details  TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log(at);

-- The journal and the stock ledger are append-only. This stops our own code (and a careless
-- admin with the sqlite3 shell) from rewriting history; a deliberate tamperer can drop the
-- triggers, which is what the hash chain is for.
CREATE TRIGGER sales_append_only_update BEFORE UPDATE ON sales
    BEGIN SELECT RAISE(ABORT, 'the sale journal is append-only'); END;
CREATE TRIGGER sales_append_only_delete BEFORE DELETE ON sales
    BEGIN SELECT RAISE(ABORT, 'the sale journal is append-only'); END;
CREATE TRIGGER sale_lines_append_only_update BEFORE UPDATE ON sale_lines
    BEGIN SELECT RAISE(ABORT, 'the sale journal is append-only'); END;
CREATE TRIGGER sale_lines_append_only_delete BEFORE DELETE ON sale_lines
    BEGIN SELECT RAISE(ABORT, 'the sale journal is append-only'); END;
CREATE TRIGGER sale_discounts_append_only_update BEFORE UPDATE ON sale_discounts
    BEGIN SELECT RAISE(ABORT, 'the sale journal is append-only'); END;
CREATE TRIGGER sale_discounts_append_only_delete BEFORE DELETE ON sale_discounts
    BEGIN SELECT RAISE(ABORT, 'the sale journal is append-only'); END;
CREATE TRIGGER sale_taxes_append_only_update BEFORE UPDATE ON sale_taxes
    BEGIN SELECT RAISE(ABORT, 'the sale journal is append-only'); END;
CREATE TRIGGER sale_taxes_append_only_delete BEFORE DELETE ON sale_taxes
    BEGIN SELECT RAISE(ABORT, 'the sale journal is append-only'); END;
CREATE TRIGGER sale_tenders_append_only_update BEFORE UPDATE ON sale_tenders
    BEGIN SELECT RAISE(ABORT, 'the sale journal is append-only'); END;
CREATE TRIGGER sale_tenders_append_only_delete BEFORE DELETE ON sale_tenders
    BEGIN SELECT RAISE(ABORT, 'the sale journal is append-only'); END;
CREATE TRIGGER stock_moves_append_only_update BEFORE UPDATE ON stock_moves
    BEGIN SELECT RAISE(ABORT, 'the stock ledger is append-only'); END;
CREATE TRIGGER stock_moves_append_only_delete BEFORE DELETE ON stock_moves
    BEGIN SELECT RAISE(ABORT, 'the stock ledger is append-only'); END;
)sql";

// Migration 2: payment intents (issue 5). An intent is committed PENDING before its request
// leaves for the terminal and gets its outcome when the answer is known; an approved payment
// is settled once its sale is journaled (derived by joining sales, so completeSale needs no
// change and the two can never disagree). service_counters hands out nexo ServiceIDs that
// survive restarts.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE payment_intents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kiosk_id    TEXT NOT NULL,
    sale_uuid   TEXT NOT NULL,
    service_id  TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('payment', 'reversal')),
    attempt     INTEGER NOT NULL,
    amount      INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    state       TEXT NOT NULL
                CHECK (state IN ('pending', 'approved', 'declined', 'cancelled', 'failed')),
    detail      TEXT NOT NULL DEFAULT '',
    tender      TEXT,                          -- JSON of the Tender (PCI-allowed fields only)
    original_service_id TEXT NOT NULL DEFAULT '',  -- reversal: the payment it reverses
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX payment_intents_by_sale ON payment_intents(sale_uuid);
CREATE INDEX payment_intents_unresolved ON payment_intents(kiosk_id, state)
    WHERE state IN ('pending', 'approved');

-- An outcome, once known, is never rewritten: only a pending intent may change.
CREATE TRIGGER payment_intents_final BEFORE UPDATE ON payment_intents
    WHEN OLD.state <> 'pending'
    BEGIN SELECT RAISE(ABORT, 'a payment outcome is final'); END;
CREATE TRIGGER payment_intents_no_delete BEFORE DELETE ON payment_intents
    BEGIN SELECT RAISE(ABORT, 'payment intents are kept'); END;

CREATE TABLE service_counters (
    kiosk_id TEXT PRIMARY KEY NOT NULL,
    next_no  INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Migration 3: staff sign-in state and badges, the permission table, shifts, interventions,
// suspended transactions, and the hash-chained audit log (issue 7).
//
// audit_log is rebuilt: seq (1, 2, ... gapless, the row's key) and the chain need values
// for the rows a version 2 file already has, computed in C++ (chainExistingAuditRows) between
// this text and kSchemaV3After. Text columns are NOT NULL ('' for none) so the chain hashes
// exactly what a read returns.
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE staff ADD COLUMN badge_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN failed_pins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;

-- Absent rows mean defaultPermissions().
CREATE TABLE role_permissions (
    role    TEXT NOT NULL CHECK (role IN ('attendant', 'supervisor', 'manager')),
    action  TEXT NOT NULL,
    allowed INTEGER NOT NULL CHECK (allowed IN (0, 1)),
    PRIMARY KEY (role, action)
) WITHOUT ROWID;

CREATE TABLE shifts (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    kiosk_id TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    end_at   INTEGER,                          -- NULL while the shift is open
    CHECK (end_at IS NULL OR end_at >= start_at)
);
CREATE UNIQUE INDEX shifts_one_open_per_member ON shifts(staff_id) WHERE end_at IS NULL;
CREATE INDEX shifts_by_start ON shifts(start_at);

CREATE TABLE interventions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kiosk_id   TEXT NOT NULL,
    kind       TEXT NOT NULL,                  -- lockKindName
    reason     TEXT NOT NULL DEFAULT '',
    sale_uuid  TEXT NOT NULL DEFAULT '',
    start_at   INTEGER NOT NULL,
    end_at     INTEGER,                        -- NULL while open
    cleared_by TEXT NOT NULL DEFAULT '',
    how        TEXT NOT NULL DEFAULT '',
    CHECK (end_at IS NULL OR end_at >= start_at)
);
CREATE UNIQUE INDEX interventions_one_open ON interventions(kiosk_id, kind) WHERE end_at IS NULL;
CREATE INDEX interventions_by_start ON interventions(start_at);

-- A code is never reused, resumed or not; a sale waits under one code at a time.
CREATE TABLE suspended_carts (
    code          TEXT PRIMARY KEY NOT NULL
                  CHECK (length(code) = 8 AND code NOT GLOB '*[^0-9]*'),
    kiosk_id      TEXT NOT NULL,
    staff_id      TEXT NOT NULL,
    sale_uuid     TEXT NOT NULL,
    started_at    INTEGER NOT NULL,
    language      TEXT NOT NULL,
    cart          TEXT NOT NULL,               -- JSON, see cart_json.hpp
    suspended_at  INTEGER NOT NULL,
    resumed_at    INTEGER,                     -- NULL while waiting
    resumed_kiosk TEXT
) WITHOUT ROWID;
CREATE UNIQUE INDEX suspended_carts_one_per_sale ON suspended_carts(sale_uuid)
    WHERE resumed_at IS NULL;

-- hash = SHA-256(prev_hash || canonical text of the row), see audit_chain.hpp.
CREATE TABLE audit_log_v3 (
    seq          INTEGER PRIMARY KEY CHECK (seq >= 1),
    at           INTEGER NOT NULL,
    kiosk_id     TEXT NOT NULL,
    staff_id     TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,
    sale_uuid    TEXT NOT NULL DEFAULT '',
    before_value TEXT NOT NULL DEFAULT '',
    after_value  TEXT NOT NULL DEFAULT '',
    details      TEXT NOT NULL DEFAULT '',
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);

-- The newest row's seq and hash, kept by a trigger as rows are appended: rows cut from the
-- end of the log, or appended behind kasir's back, no longer match it.
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
)sql";

constexpr const char* kSchemaV3After = R"sql(
DROP TABLE audit_log;
ALTER TABLE audit_log_v3 RENAME TO audit_log;
CREATE INDEX audit_log_by_time ON audit_log(at);
CREATE INDEX audit_log_by_staff ON audit_log(staff_id, at);

-- A row must extend the chain at its head; once written it never changes. The triggers stop
-- our own code and a careless sqlite3 shell; a deliberate tamperer can drop them, which is
-- what the chain and verifyAudit are for.
CREATE TRIGGER audit_log_extends_the_chain BEFORE INSERT ON audit_log
    WHEN NEW.seq IS NOT (SELECT last_seq + 1 FROM audit_head WHERE id = 1)
      OR NEW.prev_hash IS NOT (SELECT last_hash FROM audit_head WHERE id = 1)
    BEGIN SELECT RAISE(ABORT, 'an audit row must extend the chain at its head'); END;
CREATE TRIGGER audit_log_moves_the_head AFTER INSERT ON audit_log
    BEGIN UPDATE audit_head SET last_seq = NEW.seq, last_hash = NEW.hash WHERE id = 1; END;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_head_moves_forward BEFORE UPDATE ON audit_head
    WHEN NEW.last_seq IS NOT OLD.last_seq + 1
    BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward, one row at a time'); END;
CREATE TRIGGER audit_head_is_kept BEFORE DELETE ON audit_head
    BEGIN SELECT RAISE(ABORT, 'the audit head is kept'); END;
)sql";

constexpr Migration kMigrations[] = {
    {1, "create the store schema", kSchemaV1, nullptr, nullptr},
    {2, "add payment intents and ServiceID counters", kSchemaV2, nullptr, nullptr},
    {3,
     "add staff sign-in state, permissions, shifts, interventions, suspended carts and the "
     "hash-chained audit log",
     kSchemaV3, chainExistingAuditRows, kSchemaV3After},
};

constexpr const char* kRequiredTablesV1[] = {
    "settings",
    "tax_classes",
    "products",
    "product_names",
    "barcodes",
    "promotions",
    "promotion_products",
    "stock",
    "stock_moves",
    "sales",
    "sale_lines",
    "sale_discounts",
    "sale_taxes",
    "sale_tenders",
    "receipt_counters",
    "open_carts",
    "staff",
    "audit_log",
    "payment_intents",
    "service_counters",
    "role_permissions",
    "shifts",
    "interventions",
    "suspended_carts",
    "audit_head",
};
// How many of kRequiredTablesV1 each schema version has (index = version).
constexpr size_t kTablesAtVersion[] = {0, 18, 20, 25};
static_assert(std::size(kTablesAtVersion) == std::size(kMigrations) + 1);
static_assert(kTablesAtVersion[std::size(kMigrations)] == std::size(kRequiredTablesV1));

}  // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

int latestSchemaVersion() {
    return kMigrations[std::size(kMigrations) - 1].version;
}

std::span<const char* const> requiredTables(int version) {
    if (version < 0)
        version = 0;
    const auto v = std::min<size_t>(static_cast<size_t>(version), std::size(kMigrations));
    return std::span<const char* const>(kRequiredTablesV1, kTablesAtVersion[v]);
}

}  // namespace kiosk::storage
