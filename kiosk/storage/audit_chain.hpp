// The audit log's hash chain: each row's hash covers the previous row's hash and every field of
// the row, so an edited, deleted, inserted or moved row breaks the chain where it happened.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::storage {

class Database;

// The prev_hash of row 1.
inline const std::string kAuditGenesisHash(64, '0');

// Lowercase hex SHA-256 of `bytes` (libsodium).
std::string sha256Hex(std::string_view bytes);

// The text a row's hash covers: a format tag, then seq, at, kiosk id, staff id, action, sale
// uuid, before, after and details, each as "<name> <value>\n" with strings written
// "<byte length>:<bytes>", so no two different rows share a text whatever bytes they hold.
// `entry.hash` is not part of it.
std::string auditCanonicalText(const AuditEntry& entry);

// SHA-256 (hex) of prevHash followed by auditCanonicalText(entry).
std::string auditHash(std::string_view prevHash, const AuditEntry& entry);
// The same, building the text in `scratch` (verifying 100,000 rows then allocates once).
std::string auditHash(std::string_view prevHash, const AuditEntry& entry, std::string& scratch);

// Migration 3: copies the rows of the old audit_log (id order) into audit_log_v3 with seq 1,
// 2, ... and their chain, and fills audit_head. Runs inside the migration's transaction.
Result<void> chainExistingAuditRows(Database& db);

}  // namespace kiosk::storage
