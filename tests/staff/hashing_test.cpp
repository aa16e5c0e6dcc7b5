// Argon2id PIN hashes, badge secrets and suspend codes.
#include <gtest/gtest.h>

#include <array>
#include <set>

#include "kiosk/core/staff.hpp"
#include "kiosk/staff/pin_checks.hpp"
#include "kiosk/staff/staff_service.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::staff;

TEST(HashPin, IsArgon2idAndVerifiesOnlyTheRightPin) {
    auto hash = hashPin("5827", HashCost::minimum());
    ASSERT_TRUE(hash) << hash.error().message;
    EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
    EXPECT_EQ(hash->find("5827"), std::string::npos);
    EXPECT_TRUE(verifyPin(*hash, "5827"));
    EXPECT_FALSE(verifyPin(*hash, "5828"));
    EXPECT_FALSE(verifyPin(*hash, "58270"));
    EXPECT_FALSE(verifyPin(*hash, ""));
}

TEST(HashPin, SaltsEachHash) {
    auto a = hashPin("5827", HashCost::minimum());
    auto b = hashPin("5827", HashCost::minimum());
    ASSERT_TRUE(a && b);
    EXPECT_NE(*a, *b);
    EXPECT_TRUE(verifyPin(*b, "5827"));
}

TEST(HashPin, DefaultCostIsTheInteractiveLevel) {
    auto hash = hashPin("5827");
    ASSERT_TRUE(hash);
    // libsodium's interactive level: 64 MiB, 2 passes.
    EXPECT_NE(hash->find("m=65536,t=2"), std::string::npos) << *hash;
    EXPECT_TRUE(verifyPin(*hash, "5827"));
}

TEST(VerifyPin, RejectsGarbageHashesWithoutCrashing) {
    EXPECT_FALSE(verifyPin("", "5827"));
    EXPECT_FALSE(verifyPin("$argon2id$nonsense", "5827"));
    EXPECT_FALSE(verifyPin(std::string(500, 'x'), "5827"));
}

TEST(VerifyPin, CountsEveryCheck) {
    auto hash = hashPin("5827", HashCost::minimum());
    ASSERT_TRUE(hash);
    const uint64_t before = pinChecksSoFar();
    (void)verifyPin(*hash, "1");
    (void)verifyPin(*hash, "5827");
    EXPECT_EQ(pinChecksSoFar() - before, 2u);
}

TEST(BadgeSecret, Is32LowercaseHexAndFresh) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string secret = newBadgeSecret();
        ASSERT_EQ(secret.size(), 32u);
        for (char c : secret)
            ASSERT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << secret;
        seen.insert(secret);
        // It makes a badge the core parses back.
        const BadgeCode badge{"42", secret};
        EXPECT_EQ(parseBadgeCode(formatBadgeCode(badge)), badge);
    }
    EXPECT_EQ(seen.size(), 100u);
}

TEST(BadgeSecretHash, IsSha256Hex) {
    // FIPS 180-2 test vector.
    EXPECT_EQ(badgeSecretHash("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_NE(badgeSecretHash(newBadgeSecret()), badgeSecretHash(newBadgeSecret()));
}

TEST(SuspendCode, IsEightDigitsWithEveryDigitEquallyLikely) {
    // 20,000 codes: each position's digit count is ~Binomial(20000, 0.1): mean 2000, sd 42.
    // The bounds are 7 sd wide, so a fair source fails this about never and a biased or
    // constant one (a digit never drawn, or a leading digit always 0) fails it surely.
    std::array<std::array<int, 10>, 8> counts{};
    std::set<std::string> seen;
    for (int i = 0; i < 20'000; ++i) {
        const std::string code = newSuspendCode();
        ASSERT_TRUE(validSuspendCode(code)) << code;
        ASSERT_EQ(parseSuspendCode(formatSuspendSlip(code)), code);
        for (size_t p = 0; p < 8; ++p)
            ++counts[p][code[p] - '0'];
        seen.insert(code);
    }
    for (size_t p = 0; p < 8; ++p)
        for (int d = 0; d < 10; ++d) {
            EXPECT_GT(counts[p][d], 1700) << "position " << p << " digit " << d;
            EXPECT_LT(counts[p][d], 2300) << "position " << p << " digit " << d;
        }
    // Birthday bound: 20,000 of 10^8 codes collide about twice.
    EXPECT_GT(seen.size(), 19'980u);
}

}  // namespace
