// kasir-bench-staff: how long verify-audit takes over a large audit log, next to a baseline
// measured in the same run (reading the same rows without hashing them); what an Argon2id PIN
// check costs at the default cost; and what the lockout policy makes a brute force of a
// 4-digit PIN cost in time.
#include <unistd.h>

#include <sodium.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "kiosk/core/staff.hpp"
#include "kiosk/staff/staff_service.hpp"
#include "kiosk/storage/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double millis(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

kiosk::storage::AuditEntry sampleRow(int64_t i) {
    static const char* const actions[] = {"age.approve",  "line.void",         "price.override",
                                          "staff.signin", "lock.clear",        "line.discount",
                                          "shift.in",     "transaction.cancel"};
    kiosk::storage::AuditEntry entry;
    entry.at = 1'790'000'000'000 + i * 1'000;
    entry.kioskId = fmt::format("k{}", i % 4 + 1);
    entry.staffId = std::to_string(i % 12 + 1);
    entry.action = actions[i % 8];
    entry.details = fmt::format("benchmark row {} reason damaged", i);
    entry.saleUuid = fmt::format("00000000-0000-4000-8000-{:012}", i / 7);
    if (i % 3 == 0) {
        entry.before = fmt::format("price {}", 10'000 + i % 5'000);
        entry.after = fmt::format("price {}", 9'000 + i % 5'000);
    }
    return entry;
}

// Expected and worst-case time (ms) an attacker needs to find a PIN drawn uniformly from
// `candidates` PINs, trying one after another on one account, under `policy` (the time each
// guess takes is left out: it only adds).
struct BruteForce {
    int64_t candidates = 0;
    double expectedMs = 0;
    double worstMs = 0;
};

BruteForce bruteForce(const kiosk::LockoutPolicy& policy, int64_t candidates) {
    BruteForce result;
    result.candidates = candidates;
    // Guess p (1-based) comes after floor((p-1)/maxFailures) lockouts.
    double elapsed = 0;
    double sum = 0;
    int lockouts = 0;
    for (int64_t p = 1; p <= candidates; ++p) {
        const int needed = static_cast<int>((p - 1) / policy.maxFailures);
        while (lockouts < needed)
            elapsed += static_cast<double>(kiosk::lockoutDuration(policy, ++lockouts));
        sum += elapsed;
    }
    result.expectedMs = sum / static_cast<double>(candidates);
    result.worstMs = elapsed;
    return result;
}

std::string humanTime(double ms) {
    const double days = ms / 86'400'000.0;
    if (days >= 1)
        return fmt::format("{:.1f} days", days);
    return fmt::format("{:.1f} h", ms / 3'600'000.0);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kasir-bench-staff: audit chain verification, Argon2id cost, lockout arithmetic"};
    int64_t rows = 100'000;
    int runs = 5;
    int pinRuns = 20;
    bool json = false;
    app.add_option("--rows", rows, "Audit rows to write and verify")
        ->capture_default_str()
        ->check(CLI::Range(int64_t{1}, int64_t{2'000'000'000}));
    app.add_option("--runs", runs, "Timed runs of each audit read (the median is printed)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    app.add_option("--pin-runs", pinRuns, "Timed Argon2id verifications (median printed)")
        ->capture_default_str()
        ->check(CLI::Range(1, 10'000));
    app.add_flag("--json", json, "Print the figures as one JSON object");
    std::string keep;
    app.add_option("--keep", keep,
                   "Write the audit log to this new database file and keep it (to try "
                   "kasir-admin verify-audit on a big log); default: a temporary file")
        ->type_name("PATH");
    CLI11_PARSE(app, argc, argv);

    const fs::path dir = fs::temp_directory_path() / fmt::format("kasir-bench-staff-{}", getpid());
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        std::cerr << "kasir-bench-staff: cannot create " << dir << ": " << ec.message() << "\n";
        return 1;
    }
    const auto cleanup = [&] { fs::remove_all(dir, ec); };
    if (!keep.empty() && fs::exists(keep, ec)) {
        std::cerr << "kasir-bench-staff: " << keep << " exists; --keep wants a new file\n";
        cleanup();
        return 1;
    }
    auto opened = kiosk::storage::Store::open(keep.empty() ? (dir / "bench.db").string() : keep);
    if (!opened) {
        std::cerr << "kasir-bench-staff: " << opened.error().message << "\n";
        cleanup();
        return 1;
    }
    auto& store = **opened;

    // Fill, 1000 rows per transaction (as a busy store's kiosks would not, but the chain is
    // the same and the fill is not what is measured).
    const auto fillStart = Clock::now();
    for (int64_t done = 0; done < rows;) {
        const int64_t batch = std::min<int64_t>(1'000, rows - done);
        auto ok = store.transaction([&]() -> kiosk::Result<void> {
            for (int64_t i = 0; i < batch; ++i)
                if (auto appended = store.appendAudit(sampleRow(done + i)); !appended)
                    return appended;
            return {};
        });
        if (!ok) {
            std::cerr << "kasir-bench-staff: filling the audit log: " << ok.error().message << "\n";
            cleanup();
            return 1;
        }
        done += batch;
    }
    const double fillMs = millis(Clock::now() - fillStart);

    std::vector<double> plain, verify;
    kiosk::storage::AuditFilter all;
    all.limit = static_cast<int>(std::min<int64_t>(rows, INT32_MAX));
    for (int run = 0; run < runs; ++run) {
        const auto t0 = Clock::now();
        auto read = store.audit(all);
        plain.push_back(millis(Clock::now() - t0));
        if (!read || static_cast<int64_t>(read->size()) != rows) {
            std::cerr << "kasir-bench-staff: reading the audit log: "
                      << (read ? fmt::format("{} rows, expected {}", read->size(), rows)
                               : read.error().message)
                      << "\n";
            cleanup();
            return 1;
        }
        const auto t1 = Clock::now();
        auto check = store.verifyAudit();
        verify.push_back(millis(Clock::now() - t1));
        if (!check || !check->ok || check->rowsChecked != rows) {
            std::cerr << "kasir-bench-staff: verifyAudit: "
                      << (check ? fmt::format("ok={} rows={} {}", check->ok, check->rowsChecked,
                                              check->why)
                                : check.error().message)
                      << "\n";
            cleanup();
            return 1;
        }
    }
    // The hashing alone, in memory, over rows already read: one SHA-256 per row of the
    // previous hash and the row's length-prefixed fields (the shape of the chain's canonical
    // text), to tell the read from the arithmetic.
    std::vector<double> hashing;
    {
        auto read = store.audit(all);
        if (!read) {
            std::cerr << "kasir-bench-staff: " << read.error().message << "\n";
            cleanup();
            return 1;
        }
        for (int run = 0; run < runs; ++run) {
            const auto t0 = Clock::now();
            std::string prev(64, '0');
            std::string canonical;
            unsigned char digest[crypto_hash_sha256_BYTES];
            char hex[crypto_hash_sha256_BYTES * 2 + 1];
            for (auto it = read->rbegin(); it != read->rend(); ++it) {
                canonical = prev;
                for (const std::string* field :
                     {&it->kioskId, &it->staffId, &it->action, &it->details, &it->saleUuid,
                      &it->before, &it->after}) {
                    canonical += std::to_string(field->size());
                    canonical += ':';
                    canonical += *field;
                }
                canonical += std::to_string(it->at);
                crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()),
                                   canonical.size());
                sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
                prev.assign(hex, sizeof hex - 1);
            }
            hashing.push_back(millis(Clock::now() - t0));
        }
    }
    cleanup();
    const double plainMs = median(plain);
    const double hashMs = median(hashing);
    const double verifyMs = median(verify);

    // Argon2id at the default (interactive) cost: what one PIN check costs the kiosk, and an
    // attacker with the database file per guess.
    auto hash = kiosk::staff::hashPin("7391");
    if (!hash) {
        std::cerr << "kasir-bench-staff: " << hash.error().message << "\n";
        return 1;
    }
    std::vector<double> pinTimes;
    for (int i = 0; i < pinRuns; ++i) {
        const auto t0 = Clock::now();
        const bool right = kiosk::staff::verifyPin(*hash, i % 2 ? "7391" : "7392");
        pinTimes.push_back(millis(Clock::now() - t0));
        if (right != (i % 2 == 1)) {
            std::cerr << "kasir-bench-staff: verifyPin gave the wrong answer\n";
            return 1;
        }
    }
    const double pinMs = median(pinTimes);

    const kiosk::LockoutPolicy policy;
    int64_t allowed = 0;
    for (int pin = 0; pin < 10'000; ++pin)
        if (kiosk::checkPinRules(fmt::format("{:04}", pin)))
            ++allowed;
    const BruteForce force = bruteForce(policy, allowed);

    if (json) {
        nlohmann::json out = {
            {"rows", rows},
            {"runs", runs},
            {"fill_ms", fillMs},
            {"verify_audit_ms", verifyMs},
            {"verify_audit_rows_per_s", static_cast<double>(rows) / (verifyMs / 1000.0)},
            {"plain_read_ms", plainMs},
            {"plain_read_rows_per_s", static_cast<double>(rows) / (plainMs / 1000.0)},
            {"verify_over_plain", verifyMs / plainMs},
            {"hashing_only_ms", hashMs},
            {"argon2id_verify_ms", pinMs},
            {"pin_runs", pinRuns},
            {"four_digit_pins_allowed", allowed},
            {"lockout_brute_force_expected_ms", force.expectedMs},
            {"lockout_brute_force_worst_ms", force.worstMs},
        };
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::cout << fmt::format("audit log: {} rows written in {:.0f} ms (1000 per transaction)\n",
                             rows, fillMs);
    std::cout << fmt::format("verifyAudit      : {:9.1f} ms  {:10.0f} rows/s  (median of {})\n",
                             verifyMs, static_cast<double>(rows) / (verifyMs / 1000.0), runs);
    std::cout << fmt::format(
        "baseline read    : {:9.1f} ms  {:10.0f} rows/s  (audit(filter): the same rows into a "
        "vector, no hashing; median of "
        "{})\n",
        plainMs, static_cast<double>(rows) / (plainMs / 1000.0), runs);
    std::cout << fmt::format("verify / baseline: {:9.2f}x\n", verifyMs / plainMs);
    std::cout << fmt::format(
        "SHA-256 chain alone, in memory, same rows: {:.1f} ms (median of {})\n", hashMs, runs);
    std::cout << fmt::format(
        "Argon2id verify at the default (interactive) cost: {:.1f} ms "
        "(median of {})\n",
        pinMs, pinRuns);
    std::cout << fmt::format(
        "lockout ({} wrong PINs, then {} min x{} per lockout, at most {} h): a brute force of one "
        "account's 4-digit PIN ({} PINs the rules allow) takes {} on average, {} at worst\n",
        policy.maxFailures, policy.firstLockout / 60'000, policy.factor,
        policy.maxLockout / 3'600'000, allowed, humanTime(force.expectedMs),
        humanTime(force.worstMs));
    return 0;
}
