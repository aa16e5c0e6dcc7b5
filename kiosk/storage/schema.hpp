// The store database's schema as a list of forward migrations, numbered by PRAGMA user_version.
// Later issues append migrations to the list; a released migration is never edited.
#pragma once

#include <cstdint>
#include <span>

#include "kiosk/core/result.hpp"

namespace kiosk::storage {

class Database;

// PRAGMA application_id of every kasir store database ("kasr"): how open() tells our files
// from other programs' SQLite files without guessing from table names.
inline constexpr int32_t kApplicationId = 0x6B617372;

struct Migration {
    int version;          // the user_version once applied; 1, 2, 3 ... without gaps
    const char* summary;  // for error messages
    const char* sql;
    // Work SQL cannot do (hashing), run after `sql` in the same transaction; may be null.
    Result<void> (*code)(Database& db) = nullptr;
    // SQL run after `code` (dropping what it copied from, say); may be null.
    const char* sqlAfter = nullptr;
};

std::span<const Migration> migrations();
int latestSchemaVersion();

// Tables every database migrated to `version` has; open() refuses a kasir file that lacks one.
std::span<const char* const> requiredTables(int version);

}  // namespace kiosk::storage
