// The store database's schema as a list of forward migrations, numbered by PRAGMA user_version.
// Later issues append migrations to the list; a released migration is never edited.
#pragma once

#include <cstdint>
#include <span>

namespace kiosk::storage {

// PRAGMA application_id of every kasir store database ("kasr"): how open() tells our files
// from other programs' SQLite files without guessing from table names.
inline constexpr int32_t kApplicationId = 0x6B617372;

struct Migration {
    int version;          // the user_version once applied; 1, 2, 3 ... without gaps
    const char* summary;  // for error messages
    const char* sql;
};

std::span<const Migration> migrations();
int latestSchemaVersion();

// Tables every database migrated to `version` has; open() refuses a kasir file that lacks one.
std::span<const char* const> requiredTables(int version);

}  // namespace kiosk::storage
