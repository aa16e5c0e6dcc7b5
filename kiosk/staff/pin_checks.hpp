// How many PINs this process has checked against an Argon2id hash (every verifyPin call,
// including the decoy check for unknown staff ids). The lockout test counts with it that a
// locked account's PIN is never checked; the benchmark reports it.
#pragma once

#include <cstdint>

namespace kiosk::staff {

uint64_t pinChecksSoFar();

}  // namespace kiosk::staff
