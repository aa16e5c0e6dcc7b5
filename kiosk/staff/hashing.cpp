// Argon2id PIN hashes, badge secrets and suspend codes, all from libsodium.
#include <sodium.h>

#include <array>
#include <atomic>

#include "kiosk/staff/pin_checks.hpp"
#include "kiosk/staff/staff_service.hpp"

namespace kiosk::staff {
namespace {

// sodium_init is thread-safe and idempotent, but a failure (no entropy source) must not be
// ignored: every secret below would then be predictable.
bool sodiumReady() {
    static const bool ready = sodium_init() >= 0;
    return ready;
}

std::atomic<uint64_t> pinChecks{0};

std::string toHex(const unsigned char* bytes, size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

}  // namespace

HashCost HashCost::minimum() {
    return HashCost{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> hashPin(std::string_view pin, const HashCost& cost) {
    if (!sodiumReady())
        return makeError(ErrorCode::Internal, "libsodium could not start (no random source)");
    const unsigned long long ops =
        cost.opsLimit ? cost.opsLimit : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const size_t mem = cost.memLimit ? cost.memLimit : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), pin.data(), pin.size(), ops, mem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return makeError(ErrorCode::Internal,
                         "Argon2id hashing failed (not enough memory for the hash cost?)");
    return std::string(out.data());
}

uint64_t pinChecksSoFar() {
    return pinChecks.load();
}

bool verifyPin(std::string_view hash, std::string_view pin) {
    ++pinChecks;
    if (!sodiumReady() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES)
        return false;
    std::array<char, crypto_pwhash_STRBYTES> stored{};
    std::copy(hash.begin(), hash.end(), stored.begin());
    return crypto_pwhash_str_verify(stored.data(), pin.data(), pin.size()) == 0;
}

std::string newBadgeSecret() {
    sodiumReady();
    std::array<unsigned char, 16> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    return toHex(bytes.data(), bytes.size());
}

std::string badgeSecretHash(std::string_view secret) {
    sodiumReady();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(secret.data()),
                       secret.size());
    return toHex(digest.data(), digest.size());
}

std::string newSuspendCode() {
    sodiumReady();
    // Digit by digit: randombytes_uniform has no modulo bias, so each of the 10^8 codes is as
    // likely as any other.
    std::string code(8, '0');
    for (char& digit : code)
        digit = static_cast<char>('0' + randombytes_uniform(10));
    return code;
}

}  // namespace kiosk::staff
