// kasir-admin's staff, audit, verify-audit and suspended commands, run as the real binary on a
// temporary store; the database it leaves is read back through the store and the staff service.
#include <fcntl.h>
#include <pwd.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "kiosk/admin/badge_svg.hpp"
#include "kiosk/staff/staff_service.hpp"
#include "kiosk/storage/store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace kiosk;
using ::testing::HasSubstr;
using ::testing::Not;

struct Exit {
    int status = -1;
    std::string out;
    std::string err;
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Timestamp nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string me() {
    const passwd* user = getpwuid(geteuid());
    return std::string("admin:") + (user ? user->pw_name : "");
}

class StaffCli : public ::testing::Test {
  protected:
    void SetUp() override {
        unsetenv("KASIR_CONFIG");
        std::string pattern = (fs::temp_directory_path() / "kasir-staff-cli-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        config_ = (dir_ / "kasir.toml").string();
        db_ = (dir_ / "store.db").string();
        std::ofstream(config_) << R"([store]
id = "s1"
name = "Toko Uji"
currency = "IDR"
utc_offset_minutes = 420

[kiosk]
id = "k1"

[database]
path = "store.db"

[tax]
mode = "inclusive"

[[tax.class]]
code = "PPN"
name = "PPN 11%"
rate = "11"

[staff]
pin_cost = "minimum"
)";
        const Exit init = admin({"--config", config_, "init"});
        ASSERT_EQ(init.status, 0) << init.err;
    }
    void TearDown() override { fs::remove_all(dir_); }

    // kasir-admin --config <config> args..., with `input` on its stdin.
    Exit admin(const std::vector<std::string>& args, const std::string& input = "") const {
        const fs::path outPath = dir_ / ".stdout";
        const fs::path errPath = dir_ / ".stderr";
        const fs::path inPath = dir_ / ".stdin";
        std::ofstream(inPath, std::ios::binary) << input;
        const pid_t pid = fork();
        if (pid == 0) {
            const int in = open(inPath.c_str(), O_RDONLY);
            const int out = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            dup2(in, 0);
            dup2(out, 1);
            dup2(err, 2);
            std::vector<char*> argv{const_cast<char*>(KASIR_ADMIN_BIN)};
            for (const auto& arg : args)
                argv.push_back(const_cast<char*>(arg.c_str()));
            argv.push_back(nullptr);
            execv(KASIR_ADMIN_BIN, argv.data());
            _exit(127);
        }
        Exit run;
        int status = 0;
        waitpid(pid, &status, 0);
        run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        run.out = slurp(outPath);
        run.err = slurp(errPath);
        return run;
    }
    Exit staff(std::vector<std::string> args, const std::string& input = "") const {
        args.insert(args.begin(), {"--config", config_, "staff"});
        return admin(args, input);
    }
    Exit onStore(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--config", config_});
        return admin(args);
    }

    void addDemoStaff() const {
        for (auto [id, name, role, pin] : {std::tuple{"1", "Ana", "attendant", "1357"},
                                           std::tuple{"2", "Budi", "supervisor", "2468"},
                                           std::tuple{"3", "Citra", "manager", "8024"}}) {
            const Exit run =
                staff({"add", id, "--name", name, "--role", role}, std::string(pin) + "\n");
            ASSERT_EQ(run.status, 0) << run.err;
        }
    }

    std::unique_ptr<storage::Store> openStore() const {
        auto store = storage::Store::open(db_, storage::OpenMode::MustExist);
        EXPECT_TRUE(store) << store.error().message;
        return store ? std::move(*store) : nullptr;
    }

    static staff::StaffServiceOptions options() {
        staff::StaffServiceOptions o;
        o.cost = staff::HashCost::minimum();
        o.kioskId = "k1";
        return o;
    }

    staff::SignInResult signIn(const std::string& id, const std::string& pin) const {
        auto store = openStore();
        staff::StaffService service(*store, options());
        return service.signInWithPin(id, pin, nowMs());
    }

    std::vector<storage::AuditEntry> audit(const std::string& action = {}) const {
        auto store = openStore();
        storage::AuditFilter filter;
        filter.action = action;
        filter.limit = 100'000;
        auto rows = store->audit(filter);
        EXPECT_TRUE(rows);
        return rows ? *rows : std::vector<storage::AuditEntry>{};
    }

    // Raw SQL on the file, only to tamper with it the way someone with file access could:
    // the append-only triggers dropped first.
    void tamper(const std::string& sql) const {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
        std::vector<std::string> triggers;
        sqlite3_stmt* stmt = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(db,
                                     "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                     "tbl_name LIKE 'audit%'",
                                     -1, &stmt, nullptr),
                  SQLITE_OK);
        while (sqlite3_step(stmt) == SQLITE_ROW)
            triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
        sqlite3_finalize(stmt);
        std::string all;
        for (const auto& name : triggers)
            all += "DROP TRIGGER \"" + name + "\";";
        all += sql;
        char* message = nullptr;
        EXPECT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, &message), SQLITE_OK)
            << (message ? message : "");
        sqlite3_free(message);
        sqlite3_close(db);
    }

    fs::path dir_;
    std::string config_;
    std::string db_;
};

TEST_F(StaffCli, AddReadsThePinFromStdinAndAuditsTheUnixUser) {
    const Exit run =
        staff({"add", "7", "--name", "Dewi Lestari", "--role", "supervisor"}, "5827\n");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr("added staff 7"));
    EXPECT_TRUE(signIn("7", "5827").ok());
    const auto rows = audit("staff.add");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].staffId, me());
    EXPECT_THAT(rows[0].after, HasSubstr("Dewi Lestari"));
    EXPECT_THAT(rows[0].after, HasSubstr("supervisor"));
    EXPECT_EQ((rows[0].details + rows[0].before + rows[0].after).find("5827"), std::string::npos);
}

TEST_F(StaffCli, AddRefusesAPinOnTheCommandLineAndBadInput) {
    Exit run = staff({"add", "7", "--name", "Dewi", "--role", "attendant", "--pin", "5827"});
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("shell history"));
    run = staff({"add", "7", "--name", "Dewi", "--role", "attendant"}, "1234\n");
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("consecutive"));
    run = staff({"add", "7", "--name", "Dewi", "--role", "attendant"}, "");
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("no PIN on stdin"));
    run = staff({"add", "7", "--name", "Dewi", "--role", "cashier"}, "5827\n");
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("'cashier' is not a role"));
    run = staff({"add", "a b", "--name", "Dewi", "--role", "attendant"}, "5827\n");
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("not a staff id"));
    run = staff({"add", "7", "--role", "attendant"}, "5827\n");
    EXPECT_EQ(run.status, 2) << "--name is required";
    // Nothing of the refused ones was stored.
    auto store = openStore();
    EXPECT_FALSE(*store->staffMember("7"));
    store.reset();
    ASSERT_EQ(staff({"add", "7", "--name", "Dewi", "--role", "attendant"}, "5827\n").status, 0);
    run = staff({"add", "7", "--name", "Other", "--role", "attendant"}, "5828\n");
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("taken"));
}

TEST_F(StaffCli, HelpExplainsWhereThePinComesFrom) {
    const Exit run = staff({"add", "--help"});
    EXPECT_EQ(run.status, 0);
    EXPECT_THAT(run.out, HasSubstr("stdin"));
    EXPECT_THAT(run.out, HasSubstr("admin:<unix user>"));
    EXPECT_THAT(run.out, Not(HasSubstr("--pin ")));
}

TEST_F(StaffCli, ListShowsRoleStateLockBadgeAndShift) {
    addDemoStaff();
    for (int i = 0; i < 5; ++i)
        (void)signIn("2", "0000");
    ASSERT_EQ(staff({"badge", "3", "--out", (dir_ / "3.svg").string()}).status, 0);
    ASSERT_EQ(staff({"clock-in", "1"}).status, 0);
    ASSERT_EQ(staff({"deactivate", "3"}).status, 0);
    Exit run = staff({"list"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr("ID"));
    EXPECT_THAT(run.out, HasSubstr("LOCKED UNTIL"));
    EXPECT_THAT(run.out, Not(HasSubstr("Citra"))) << "inactive ones only with --all";
    const std::regex ana(R"(\n1 +Ana +attendant +yes +no +since 20\d\d-)");
    EXPECT_TRUE(std::regex_search(run.out, ana)) << run.out;
    const std::regex budi(R"(\n2 +Budi +supervisor +yes +20\d\d-\d\d-\d\d \d\d:\d\d:\d\d +no)");
    EXPECT_TRUE(std::regex_search(run.out, budi)) << run.out;
    run = staff({"list", "--all"});
    const std::regex citra(R"(\n3 +Citra +manager +no +yes)");
    EXPECT_TRUE(std::regex_search(run.out, citra)) << run.out;
}

TEST_F(StaffCli, SetRoleActivateResetPinAndUnlock) {
    addDemoStaff();
    ASSERT_EQ(staff({"set-role", "1", "manager"}).status, 0);
    EXPECT_EQ(signIn("1", "1357").session->role, Role::Manager);
    EXPECT_EQ(staff({"set-role", "1", "boss"}).status, 1);
    EXPECT_THAT(staff({"set-role", "99", "manager"}).err, HasSubstr("no staff member '99'"));

    ASSERT_EQ(staff({"deactivate", "1"}).status, 0);
    EXPECT_EQ(signIn("1", "1357").failure.problem, staff::SignInProblem::Inactive);
    ASSERT_EQ(staff({"activate", "1"}).status, 0);
    EXPECT_TRUE(signIn("1", "1357").ok());

    Exit run = staff({"reset-pin", "1"}, "6420\n");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_FALSE(signIn("1", "1357").ok());
    EXPECT_TRUE(signIn("1", "6420").ok());
    EXPECT_EQ(staff({"reset-pin", "1", "--pin", "6420"}).status, 1);
    EXPECT_EQ(staff({"reset-pin", "1"}, "1111\n").status, 1);

    for (int i = 0; i < 5; ++i)
        (void)signIn("2", "0000");
    EXPECT_EQ(signIn("2", "2468").failure.problem, staff::SignInProblem::LockedOut);
    ASSERT_EQ(staff({"unlock", "2"}).status, 0);
    EXPECT_TRUE(signIn("2", "2468").ok());

    for (const char* action :
         {"staff.role", "staff.deactivate", "staff.activate", "staff.pin.reset", "staff.unlock"}) {
        const auto rows = audit(action);
        ASSERT_FALSE(rows.empty()) << action;
        EXPECT_EQ(rows.front().staffId, me()) << action;
    }
}

TEST_F(StaffCli, BadgeWritesACardWhoseQrCodeHoldsTheBadgeText) {
    addDemoStaff();
    const fs::path svgPath = dir_ / "cards" / "2.svg";
    const fs::path textPath = dir_ / "2.txt";
    Exit run = staff({"badge", "2", "--out", svgPath.string(), "--text", textPath.string()});
    ASSERT_EQ(run.status, 0) << run.err;
    std::string text = slurp(textPath);
    ASSERT_FALSE(text.empty());
    text.pop_back();
    EXPECT_EQ(text.rfind("KASIR-STAFF:2:", 0), 0u) << text;
    const std::string svg = slurp(svgPath);
    EXPECT_THAT(svg, HasSubstr("Toko Uji"));
    EXPECT_THAT(svg, HasSubstr("Budi"));
    EXPECT_THAT(svg, HasSubstr("supervisor"));
    EXPECT_THAT(svg, Not(HasSubstr(text))) << "the secret is only in the QR code";
    // Whoever reads a badge file can sign in as Budi: only the owner may.
    for (const fs::path& secret : {svgPath, textPath})
        EXPECT_EQ(fs::status(secret).permissions() & fs::perms::all,
                  fs::perms::owner_read | fs::perms::owner_write)
            << secret;

    // The modules in the SVG are exactly libqrencode's modules of the badge text.
    auto modules = admin::qrModules(text);
    ASSERT_TRUE(modules);
    const size_t size = modules->size();
    std::vector<std::vector<bool>> drawn(size, std::vector<bool>(size));
    const std::regex rect(R"re(<rect class="qr" x="(\d+)" y="(\d+)")re");
    size_t dark = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), rect); it != std::sregex_iterator();
         ++it) {
        const size_t x = std::stoul((*it)[1]), y = std::stoul((*it)[2]);
        ASSERT_LT(x, size);
        ASSERT_LT(y, size);
        drawn[y][x] = true;
        ++dark;
    }
    EXPECT_GT(dark, size * size / 4);
    EXPECT_EQ(drawn, *modules);
    EXPECT_THAT(svg, HasSubstr("data-modules=\"" + std::to_string(size) + "\""));

    // It signs in; a second badge makes this one worthless.
    auto store = openStore();
    staff::StaffService service(*store, options());
    EXPECT_TRUE(service.signInWithBadge(text, nowMs()).ok());
    store.reset();
    ASSERT_EQ(staff({"badge", "2", "--out", svgPath.string()}).status, 0);
    store = openStore();
    staff::StaffService again(*store, options());
    EXPECT_EQ(again.signInWithBadge(text, nowMs()).failure.problem, staff::SignInProblem::BadBadge);
    EXPECT_EQ(staff({"badge", "99", "--out", svgPath.string()}).status, 1);
    EXPECT_EQ(staff({"badge", "2"}).status, 2) << "--out is required";
}

TEST_F(StaffCli, DemoStoreSeedsTheDemoStaffWithBadges) {
    const fs::path db = dir_ / "demo" / "kasir-demo.db";
    const Exit run = admin({"--db", db.string(), "demo-store"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr("Ana"));
    auto store = storage::Store::open(db.string(), storage::OpenMode::MustExist);
    ASSERT_TRUE(store);
    staff::StaffService service(**store, options());
    for (auto [id, pin, role] :
         {std::tuple{"1", "1357", Role::Attendant}, std::tuple{"2", "2468", Role::Supervisor},
          std::tuple{"3", "8024", Role::Manager}}) {
        const auto in = service.signInWithPin(id, pin, nowMs());
        ASSERT_TRUE(in.ok()) << id << ": " << in.failure.message;
        EXPECT_EQ(in.session->role, role);
        std::string text = slurp(dir_ / "demo" / "badges" / (std::string(id) + ".txt"));
        ASSERT_FALSE(text.empty());
        text.pop_back();
        const auto badge = service.signInWithBadge(text, nowMs());
        EXPECT_TRUE(badge.ok()) << id << ": " << badge.failure.message;
        EXPECT_THAT(slurp(dir_ / "demo" / "badges" / (std::string(id) + ".svg")),
                    HasSubstr("<rect class=\"qr\""));
        for (const char* ext : {".svg", ".txt"}) {
            const fs::path secret = dir_ / "demo" / "badges" / (std::string(id) + ext);
            EXPECT_EQ(fs::status(secret).permissions() & fs::perms::all,
                      fs::perms::owner_read | fs::perms::owner_write)
                << secret;
        }
    }
}

TEST_F(StaffCli, PermissionsMatrixPermitAndDeny) {
    addDemoStaff();  // authorize reads the member's stored role
    Exit run = staff({"permissions"});
    ASSERT_EQ(run.status, 0) << run.err;
    const std::regex refundRow(R"(\nrefund +- +yes +yes\n)");
    EXPECT_TRUE(std::regex_search(run.out, refundRow)) << run.out;
    EXPECT_THAT(run.out, Not(HasSubstr("*")));

    ASSERT_EQ(staff({"permit", "attendant", "refund"}).status, 0);
    ASSERT_EQ(staff({"deny", "supervisor", "discount"}).status, 0);
    run = staff({"permissions"});
    EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(\nrefund +yes \* +yes +yes)"))) << run.out;
    EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(\ndiscount +- +- \* +yes)"))) << run.out;
    EXPECT_THAT(run.out, HasSubstr("differs from the default"));

    auto store = openStore();
    staff::StaffService service(*store, options());
    EXPECT_TRUE(
        *service.authorize({"1", "Ana", Role::Attendant, "pin", 0}, StaffAction::Refund, 0));
    EXPECT_FALSE(
        *service.authorize({"2", "Budi", Role::Supervisor, "pin", 0}, StaffAction::Discount, 0));
    store.reset();

    EXPECT_THAT(staff({"permit", "attendant", "fly"}).err, HasSubstr("'fly' is not an action"));
    EXPECT_EQ(staff({"permit", "owner", "refund"}).status, 1);
    const auto rows = audit("permission.change");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].staffId, me());
}

TEST_F(StaffCli, ClockInOutAndHoursAsCsv) {
    addDemoStaff();
    ASSERT_EQ(staff({"clock-in", "1"}).status, 0);
    Exit run = staff({"clock-in", "1"});
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("already clocked in"));
    ASSERT_EQ(staff({"clock-out", "1"}).status, 0);
    EXPECT_THAT(staff({"clock-out", "1"}).err, HasSubstr("not clocked in"));

    // A shift over local midnight, written through the store: 22:00-06:30 local (UTC+7).
    {
        auto store = openStore();
        // 2025-01-15 15:00 UTC = 22:00 WIB.
        const Timestamp start = 1'736'953'200'000;
        ASSERT_TRUE(store->clockIn("2", "k1", start));
        ASSERT_TRUE(store->clockOut("2", start + 8 * 3'600'000LL + 30 * 60'000));
    }
    const fs::path csv = dir_ / "hours.csv";
    run = staff({"hours", "--from", "2025-01-15", "--to", "2025-01-16", "--csv", csv.string()});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(slurp(csv),
              "date,staff_id,name,hours,minutes,open\r\n"
              "2025-01-15,2,Budi,2.00,120,no\r\n"
              "2025-01-16,2,Budi,6.50,390,no\r\n");
    run = staff({"hours", "--from", "2025-01-16", "--to", "2025-01-16"});
    EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(2025-01-16 +2 +Budi +6:30)"))) << run.out;
    // Today's short shift of Ana shows in today's hours.
    EXPECT_THAT(staff({"hours", "--from", "2020-01-01", "--to", "2099-12-31"}).out,
                HasSubstr("Ana"));
    EXPECT_THAT(staff({"hours", "--from", "2026-11-31", "--to", "2026-12-01"}).err,
                HasSubstr("not a date"));
    EXPECT_THAT(staff({"hours", "--from", "2026-11-27", "--to", "2026-11-26"}).err,
                HasSubstr("before"));
    EXPECT_EQ(audit("shift.").size(), 2u);
}

TEST_F(StaffCli, ReportCountsPerStaffMember) {
    addDemoStaff();
    {
        auto store = openStore();
        const Timestamp t = 1'795'651'200'000 + 3 * 3'600'000LL;  // 2026-11-26 10:00 WIB
        for (Millis took : {20'000, 40'000, 90'000}) {
            ASSERT_TRUE(store->openIntervention("k1", "AgeCheckPending", "alcohol", "", t));
            ASSERT_TRUE(store->closeIntervention("k1", "AgeCheckPending", "1", "approved:id-viewed",
                                                 t + took));
        }
        for (const char* action : {"age.approve", "age.approve", "line.void", "price.override"}) {
            storage::AuditEntry entry;
            entry.at = t + 1;
            entry.kioskId = "k1";
            entry.staffId = action[0] == 'p' ? "2" : "1";
            entry.action = action;
            ASSERT_TRUE(store->appendAudit(entry));
        }
    }
    const Exit run = staff({"report", "--from", "2026-11-26", "--to", "2026-11-26"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_TRUE(
        std::regex_search(run.out, std::regex(R"(\n1 +Ana +3 +40\.0s +1m30s +2 +1 +0 +0 +0 +0)")))
        << run.out;
    EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(\n2 +Budi +0 +0 +0 +1 +0 +0 +0)")))
        << run.out;
    EXPECT_THAT(staff({"report", "--from", "2026-10-01", "--to", "2026-10-02"}).out,
                HasSubstr("no staff activity"));
}

TEST_F(StaffCli, AuditFiltersByStaffAndActionPrefix) {
    addDemoStaff();
    (void)signIn("1", "0000");
    Exit run = onStore({"audit", "--action", "staff.signin."});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr("staff.signin.failed"));
    EXPECT_THAT(run.out, Not(HasSubstr("staff.add")));
    run = onStore({"audit", "--staff", me(), "--limit", "2"});
    EXPECT_THAT(run.out, HasSubstr("staff.add"));
    EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 3) << run.out;
    EXPECT_THAT(onStore({"audit", "--staff", "nobody"}).out, HasSubstr("no audit rows"));
}

TEST_F(StaffCli, VerifyAuditPassesThenNamesAnEditedRow) {
    addDemoStaff();
    ASSERT_EQ(staff({"add", "9", "--name", "Zelda Quokka", "--role", "attendant"}, "5827\n").status,
              0);
    ASSERT_EQ(staff({"set-role", "9", "supervisor"}).status, 0);
    Exit run = onStore({"verify-audit"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr("audit OK: 5 rows"));
    const auto added = audit("staff.add");
    ASSERT_EQ(added.size(), 4u);
    const int64_t zeldaSeq = added.front().seq;  // newest first

    // Edit the bytes of the file, as a hex editor would: the audit row's "Zelda" becomes
    // "Zelma". The staff table's copy of the name is left alone.
    std::string bytes = slurp(db_);
    const std::string needle = "name=Zelda Quokka";
    size_t at = bytes.find(needle);
    ASSERT_NE(at, std::string::npos);
    for (; at != std::string::npos; at = bytes.find(needle, at + 1))
        bytes[at + 8] = 'm';
    std::ofstream(db_, std::ios::binary | std::ios::trunc) << bytes;

    run = onStore({"verify-audit"});
    EXPECT_EQ(run.status, 1) << run.out << run.err;
    EXPECT_THAT(run.out, HasSubstr("audit BROKEN at row " + std::to_string(zeldaSeq) + ":"));
}

TEST_F(StaffCli, VerifyAuditNamesTheRowAfterADeletedOne) {
    addDemoStaff();
    ASSERT_EQ(staff({"set-role", "1", "supervisor"}).status, 0);
    ASSERT_EQ(onStore({"verify-audit"}).status, 0);
    tamper("DELETE FROM audit_log WHERE seq = 2;");
    const Exit run = onStore({"verify-audit"});
    EXPECT_EQ(run.status, 1) << run.out << run.err;
    EXPECT_THAT(run.out, HasSubstr("audit BROKEN at row 3:"));
}

TEST_F(StaffCli, VerifyAuditNamesSwappedRows) {
    addDemoStaff();
    ASSERT_EQ(onStore({"verify-audit"}).status, 0);
    // Rows 2 and 3 change places (their seq numbers swapped).
    tamper(
        "UPDATE audit_log SET seq = 1000000 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq "
        "= 3;"
        "UPDATE audit_log SET seq = 3 WHERE seq = 1000000;");
    const Exit run = onStore({"verify-audit"});
    EXPECT_EQ(run.status, 1) << run.out << run.err;
    EXPECT_THAT(run.out, HasSubstr("audit BROKEN at row 2:"));
}

TEST_F(StaffCli, SuspendedListsWaitingTransactions) {
    EXPECT_THAT(onStore({"suspended"}).out, HasSubstr("no suspended transaction is waiting"));
    {
        auto store = openStore();
        storage::SuspendedCart suspended;
        suspended.code = "48151623";
        suspended.kioskId = "k1";
        suspended.staffId = "1";
        suspended.cart.saleUuid = "9b2f7c1e-0000-4000-8000-000000000001";
        suspended.cart.startedAt = nowMs();
        suspended.suspendedAt = nowMs();
        ASSERT_TRUE(store->suspendCart(suspended));
    }
    Exit run = onStore({"suspended"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr("48151623"));
    {
        auto store = openStore();
        ASSERT_TRUE(store->resumeSuspended("48151623", "k2", nowMs()));
    }
    EXPECT_THAT(onStore({"suspended"}).out, Not(HasSubstr("48151623")));
    EXPECT_THAT(onStore({"suspended", "--all"}).out, HasSubstr("on k2"));
}

TEST_F(StaffCli, CommandsOnAMissingDatabaseFailClearly) {
    const Exit run = admin({"--db", (dir_ / "none.db").string(), "staff", "list"});
    EXPECT_EQ(run.status, 1);
    EXPECT_THAT(run.err, HasSubstr("no such store database"));
    EXPECT_EQ(admin({"--db", (dir_ / "none.db").string(), "verify-audit"}).status, 1);
}

}  // namespace

namespace {

// The PIN cost comes from a configuration chosen with --config; a database named with --db
// alone gets the default (interactive) cost, whatever the demo configuration says.
TEST_F(StaffCli, PinCostFollowsTheChosenConfigurationOnly) {
    ASSERT_EQ(staff({"add", "7", "--name", "Dewi", "--role", "attendant"}, "5827\n").status, 0);
    const Exit run =
        admin({"--db", db_, "staff", "add", "8", "--name", "Eka", "--role", "attendant"}, "5827\n");
    ASSERT_EQ(run.status, 0) << run.err;
    auto store = openStore();
    auto minimum = store->staffPinHash("7");
    auto interactive = store->staffPinHash("8");
    ASSERT_TRUE(minimum && interactive);
    EXPECT_THAT(*minimum, HasSubstr("$m=8,t=1,"));
    EXPECT_THAT(*interactive, HasSubstr("$m=65536,t=2,"));
}

}  // namespace
