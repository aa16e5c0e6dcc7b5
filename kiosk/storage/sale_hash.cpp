// The journal's check value: SHA-256 over the previous sale's hash and this sale's canonical
// text, so changing, inserting or removing any journaled sale breaks every later link.
#include <sodium.h>

#include <mutex>

#include "kiosk/storage/store.hpp"

namespace kiosk::storage {

std::string saleHash(const std::string& prevHash, const SaleRecord& sale) {
    static std::once_flag sodiumReady;
    // SHA-256 needs no global state, but libsodium asks for sodium_init() before any use.
    std::call_once(sodiumReady, [] {
        // Only fails when the system has no entropy source; hashing does not need one.
        [[maybe_unused]] const int ready = sodium_init();
    });

    std::string text = prevHash;
    text += '\n';
    text += canonicalSaleText(sale);

    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);  // lowercase
    return std::string(hex);
}

}  // namespace kiosk::storage
