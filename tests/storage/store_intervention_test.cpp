// Interventions (a lock on a kiosk: raised, cleared by someone in some way) and suspended
// transactions (put aside under an 8-digit code, resumed once on any kiosk of the store).
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "store_fixtures.hpp"

namespace kiosk::storage {
namespace {

using testing::TempDir;

class StoreInterventions : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = testing::openStore(path());
        ASSERT_TRUE(store_);
    }
    std::string path() const { return dir_.file("store.db"); }

    void expectError(const Error& error, ErrorCode code, const std::string& words) {
        EXPECT_EQ(error.code, code) << error.message;
        EXPECT_NE(error.message.find(words), std::string::npos) << error.message;
    }

    // A cart with two lines, one discounted, for sale `uuid`.
    static OpenCart cartOf(const std::string& uuid) {
        OpenCart open;
        open.saleUuid = uuid;
        open.startedAt = 1'700'000'000'000;
        open.language = "id";
        EXPECT_TRUE(open.cart.addUnits(testing::makeProduct(1), testing::gtinFor(1), 2).ok());
        EXPECT_TRUE(open.cart.addUnits(testing::makeProduct(2), testing::gtinFor(2)).ok());
        EXPECT_TRUE(open.cart.discount(2, 20, "short-dated").ok());
        return open;
    }

    static SuspendedCart suspended(const std::string& code, const std::string& uuid,
                                   const std::string& kiosk = "K1") {
        SuspendedCart s;
        s.code = code;
        s.kioskId = kiosk;
        s.staffId = "1";
        s.cart = cartOf(uuid);
        s.suspendedAt = 1'700'000'060'000;
        return s;
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
};

// --- Interventions ---

TEST_F(StoreInterventions, OpenThenCloseRecordsWhoHowAndWhen) {
    auto opened = store_->openIntervention("K1", "AgeCheckPending", "alcohol 18+", "sale-1", 1'000);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_GT(opened->id, 0);
    EXPECT_EQ(opened->kioskId, "K1");
    EXPECT_EQ(opened->kind, "AgeCheckPending");
    EXPECT_EQ(opened->reason, "alcohol 18+");
    EXPECT_EQ(opened->saleUuid, "sale-1");
    EXPECT_EQ(opened->start, 1'000);
    EXPECT_EQ(opened->end, 0);
    EXPECT_EQ(opened->clearedBy, "");

    auto open = store_->openInterventions("K1");
    ASSERT_TRUE(open.ok());
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ(open->front(), *opened);

    auto closed =
        store_->closeIntervention("K1", "AgeCheckPending", "1", "approved:id-viewed", 4'500);
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    InterventionRecord expected = *opened;
    expected.end = 4'500;
    expected.clearedBy = "1";
    expected.how = "approved:id-viewed";
    EXPECT_EQ(*closed, expected);

    open = store_->openInterventions("K1");
    ASSERT_TRUE(open.ok());
    EXPECT_TRUE(open->empty());
    store_ = testing::openStore(path());
    auto all = store_->interventions(0, INT64_MAX);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ(all->front(), expected);
}

TEST_F(StoreInterventions, RaisingAnOpenKindAgainUpdatesTheReasonAndKeepsTheStart) {
    auto first = store_->openIntervention("K1", "HelpRequested", "shopper pressed help", "", 1'000);
    ASSERT_TRUE(first.ok());
    auto again = store_->openIntervention("K1", "HelpRequested", "pressed again", "s2", 2'000);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->id, first->id);
    EXPECT_EQ(again->start, 1'000);
    EXPECT_EQ(again->reason, "pressed again");
    auto open = store_->openInterventions("");
    ASSERT_TRUE(open.ok());
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ(open->front().reason, "pressed again");

    // Once closed, the same kind opens a new record.
    ASSERT_TRUE(store_->closeIntervention("K1", "HelpRequested", "2", "cleared", 3'000).ok());
    auto third = store_->openIntervention("K1", "HelpRequested", "help", "", 5'000);
    ASSERT_TRUE(third.ok());
    EXPECT_NE(third->id, first->id);
    EXPECT_EQ(third->start, 5'000);
}

TEST_F(StoreInterventions, OpenOnesAreListedPerKioskOldestFirst) {
    ASSERT_TRUE(store_->openIntervention("K2", "PriceCheck", "no price", "", 3'000).ok());
    ASSERT_TRUE(store_->openIntervention("K1", "HelpRequested", "help", "", 2'000).ok());
    ASSERT_TRUE(store_->openIntervention("K1", "AgeCheckPending", "18+", "", 1'000).ok());
    ASSERT_TRUE(store_->openIntervention("K1", "DeviceFault", "printer", "", 4'000).ok());
    ASSERT_TRUE(store_->closeIntervention("K1", "DeviceFault", "system", "recovered", 4'100).ok());
    auto kinds = [&](std::string_view kiosk) {
        std::vector<std::string> out;
        auto got = store_->openInterventions(kiosk);
        EXPECT_TRUE(got.ok());
        if (got.ok())
            for (const InterventionRecord& r : *got)
                out.push_back(r.kioskId + "/" + r.kind);
        return out;
    };
    EXPECT_EQ(kinds("K1"), (std::vector<std::string>{"K1/AgeCheckPending", "K1/HelpRequested"}));
    EXPECT_EQ(kinds(""), (std::vector<std::string>{"K1/AgeCheckPending", "K1/HelpRequested",
                                                   "K2/PriceCheck"}));
    EXPECT_TRUE(kinds("K3").empty());

    auto span = store_->interventions(2'000, 4'000);  // [from, to) by start
    ASSERT_TRUE(span.ok());
    ASSERT_EQ(span->size(), 2u);
    EXPECT_EQ((*span)[0].kind, "HelpRequested");
    EXPECT_EQ((*span)[1].kind, "PriceCheck");
}

TEST_F(StoreInterventions, ClosingWhatIsNotOpenIsNotFound) {
    auto none = store_->closeIntervention("K1", "HelpRequested", "1", "cleared", 1'000);
    ASSERT_FALSE(none.ok());
    expectError(none.error(), ErrorCode::NotFound, "kiosk K1 has no open 'HelpRequested'");
    ASSERT_TRUE(store_->openIntervention("K1", "HelpRequested", "help", "", 1'000).ok());
    auto otherKiosk = store_->closeIntervention("K2", "HelpRequested", "1", "cleared", 2'000);
    ASSERT_FALSE(otherKiosk.ok());
    EXPECT_EQ(otherKiosk.error().code, ErrorCode::NotFound);
    ASSERT_TRUE(store_->closeIntervention("K1", "HelpRequested", "1", "cleared", 2'000).ok());
    auto twice = store_->closeIntervention("K1", "HelpRequested", "1", "cleared", 3'000);
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, ErrorCode::NotFound);
}

TEST_F(StoreInterventions, BadInputIsRefusedNamingTheField) {
    auto noKiosk = store_->openIntervention("", "HelpRequested", "", "", 1'000);
    ASSERT_FALSE(noKiosk.ok());
    expectError(noKiosk.error(), ErrorCode::InvalidArgument, "kiosk id");
    auto noKind = store_->openIntervention("K1", "", "", "", 1'000);
    ASSERT_FALSE(noKind.ok());
    expectError(noKind.error(), ErrorCode::InvalidArgument, "intervention kind");
    auto badKind = store_->openIntervention("K1", "Help\xff", "", "", 1'000);
    ASSERT_FALSE(badKind.ok());
    expectError(badKind.error(), ErrorCode::InvalidArgument, "not valid UTF-8");
    ASSERT_TRUE(store_->openIntervention("K1", "HelpRequested", "", "", 1'000).ok());
    auto nobody = store_->closeIntervention("K1", "HelpRequested", "", "cleared", 2'000);
    ASSERT_FALSE(nobody.ok());
    expectError(nobody.error(), ErrorCode::InvalidArgument, "who cleared");
    auto open = store_->openInterventions("K1");
    ASSERT_TRUE(open.ok());
    EXPECT_EQ(open->size(), 1u);  // still open

    // A reason with bad bytes is kept, repaired: the record is not lost over it.
    auto odd = store_->openIntervention("K1", "PriceCheck", "caf\xe9", "", 1'000);
    ASSERT_TRUE(odd.ok());
    EXPECT_EQ(odd->reason, "caf\xef\xbf\xbd");
}

// A clock stepped back between raise and clear: the record still closes, ending at its start.
TEST_F(StoreInterventions, ClearedBeforeItStartedEndsAtItsStart) {
    ASSERT_TRUE(store_->openIntervention("K1", "HelpRequested", "", "", 10'000).ok());
    auto closed =
        store_->closeIntervention("K1", "HelpRequested", "system", "kiosk-restarted", 9'000);
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    EXPECT_EQ(closed->end, 10'000);
}

// --- Suspended transactions ---

TEST_F(StoreInterventions, SuspendKeepsTheCartAndClearsTheKiosksOpenCart) {
    const SuspendedCart s = suspended("00123456", "sale-1");
    ASSERT_TRUE(store_->saveOpenCart("K1", s.cart).ok());
    ASSERT_TRUE(store_->suspendCart(s).ok());
    auto open = store_->loadOpenCart("K1");
    ASSERT_TRUE(open.ok());
    EXPECT_FALSE(open->has_value());

    store_ = testing::openStore(path());
    auto waiting = store_->suspendedCarts(false);
    ASSERT_TRUE(waiting.ok()) << waiting.error().message;
    ASSERT_EQ(waiting->size(), 1u);
    EXPECT_EQ(waiting->front(), s);  // the discount and every line field included
}

TEST_F(StoreInterventions, SuspendLeavesAnotherSalesOpenCartAlone) {
    const OpenCart other = cartOf("sale-other");
    ASSERT_TRUE(store_->saveOpenCart("K1", other).ok());
    ASSERT_TRUE(store_->suspendCart(suspended("11111111", "sale-1")).ok());
    auto open = store_->loadOpenCart("K1");
    ASSERT_TRUE(open.ok() && open->has_value());
    EXPECT_EQ(**open, other);
}

TEST_F(StoreInterventions, TakenCodeAndTwiceSuspendedSaleAreConflicts) {
    ASSERT_TRUE(store_->saveOpenCart("K2", cartOf("sale-2")).ok());
    ASSERT_TRUE(store_->suspendCart(suspended("12345678", "sale-1")).ok());
    auto taken = store_->suspendCart(suspended("12345678", "sale-2", "K2"));
    ASSERT_FALSE(taken.ok());
    expectError(taken.error(), ErrorCode::Conflict, "suspend code 12345678 is taken");
    auto open = store_->loadOpenCart("K2");
    ASSERT_TRUE(open.ok());
    EXPECT_TRUE(open->has_value());  // the refused suspend cleared nothing

    auto twice = store_->suspendCart(suspended("87654321", "sale-1"));
    ASSERT_FALSE(twice.ok());
    expectError(twice.error(), ErrorCode::Conflict,
                "sale sale-1 is suspended already, under code 12345678");

    // A resumed code stays taken: a code resumes once, ever.
    ASSERT_TRUE(store_->resumeSuspended("12345678", "K3", 1'700'000'100'000).ok());
    auto reused = store_->suspendCart(suspended("12345678", "sale-3"));
    ASSERT_FALSE(reused.ok());
    EXPECT_EQ(reused.error().code, ErrorCode::Conflict);
}

TEST_F(StoreInterventions, BadSuspendInputIsRefused) {
    for (const char* code : {"", "1234567", "123456789", "1234567a", "１２３４５６７８"}) {
        auto refused = store_->suspendCart(suspended(code, "sale-1"));
        ASSERT_FALSE(refused.ok()) << code;
        expectError(refused.error(), ErrorCode::InvalidArgument, "8 digits");
        auto resume = store_->resumeSuspended(code, "K1", 1'000);
        ASSERT_FALSE(resume.ok()) << code;
        expectError(resume.error(), ErrorCode::InvalidArgument, "8 digits");
    }
    SuspendedCart noKiosk = suspended("12345678", "sale-1", "");
    auto refused = store_->suspendCart(noKiosk);
    ASSERT_FALSE(refused.ok());
    expectError(refused.error(), ErrorCode::InvalidArgument, "kiosk id");
    SuspendedCart noSale = suspended("12345678", "");
    refused = store_->suspendCart(noSale);
    ASSERT_FALSE(refused.ok());
    expectError(refused.error(), ErrorCode::InvalidArgument, "sale uuid");
    auto resumeNoKiosk = store_->resumeSuspended("12345678", "", 1'000);
    ASSERT_FALSE(resumeNoKiosk.ok());
    expectError(resumeNoKiosk.error(), ErrorCode::InvalidArgument, "kiosk id");
    auto waiting = store_->suspendedCarts(true);
    ASSERT_TRUE(waiting.ok());
    EXPECT_TRUE(waiting->empty());
}

TEST_F(StoreInterventions, ResumeMakesTheCartTheKiosksOpenCartOnce) {
    const SuspendedCart s = suspended("20202020", "sale-1", "K1");
    ASSERT_TRUE(store_->suspendCart(s).ok());
    const Timestamp at = 1'700'000'100'000;  // 2023-11-14 22:15:00 UTC
    auto resumed = store_->resumeSuspended("20202020", "K2", at);
    ASSERT_TRUE(resumed.ok()) << resumed.error().message;
    SuspendedCart expected = s;
    expected.resumedAt = at;
    expected.resumedKiosk = "K2";
    EXPECT_EQ(*resumed, expected);

    auto open = store_->loadOpenCart("K2");
    ASSERT_TRUE(open.ok() && open->has_value());
    EXPECT_EQ(**open, s.cart);  // same uuid, start time, language and lines

    auto again = store_->resumeSuspended("20202020", "K1", at + 5'000);
    ASSERT_FALSE(again.ok());
    expectError(again.error(), ErrorCode::Conflict,
                "code 20202020 was resumed already, on kiosk K2 at 2023-11-14 22:15:00 UTC");
    auto k1 = store_->loadOpenCart("K1");
    ASSERT_TRUE(k1.ok());
    EXPECT_FALSE(k1->has_value());

    auto waiting = store_->suspendedCarts(false);
    ASSERT_TRUE(waiting.ok());
    EXPECT_TRUE(waiting->empty());
    auto all = store_->suspendedCarts(true);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ(all->front(), expected);
}

TEST_F(StoreInterventions, UnknownCodeIsNotFound) {
    auto unknown = store_->resumeSuspended("99999999", "K1", 1'000);
    ASSERT_FALSE(unknown.ok());
    expectError(unknown.error(), ErrorCode::NotFound,
                "no transaction is suspended under code 99999999");
}

TEST_F(StoreInterventions, ResumeDoesNotOverwriteAShoppersCart) {
    ASSERT_TRUE(store_->suspendCart(suspended("30303030", "sale-1")).ok());
    const OpenCart shopping = cartOf("sale-busy");
    ASSERT_TRUE(store_->saveOpenCart("K2", shopping).ok());
    auto refused = store_->resumeSuspended("30303030", "K2", 5'000);
    ASSERT_FALSE(refused.ok());
    expectError(refused.error(), ErrorCode::Conflict, "kiosk K2 has a transaction in progress");
    auto open = store_->loadOpenCart("K2");
    ASSERT_TRUE(open.ok() && open->has_value());
    EXPECT_EQ(**open, shopping);
    auto waiting = store_->suspendedCarts(false);
    ASSERT_TRUE(waiting.ok());
    EXPECT_EQ(waiting->size(), 1u);  // still waiting

    // An empty cart (a sale started, nothing scanned) is replaced.
    OpenCart empty;
    empty.saleUuid = "sale-empty";
    ASSERT_TRUE(store_->saveOpenCart("K2", empty).ok());
    auto resumed = store_->resumeSuspended("30303030", "K2", 6'000);
    ASSERT_TRUE(resumed.ok()) << resumed.error().message;
    open = store_->loadOpenCart("K2");
    ASSERT_TRUE(open.ok() && open->has_value());
    EXPECT_EQ((*open)->saleUuid, "sale-1");
}

TEST_F(StoreInterventions, TwoKiosksRacingToResumeOneCodeGetItOnce) {
    for (int round = 0; round < 10; ++round) {
        const std::string code = "4000000" + std::to_string(round);
        ASSERT_TRUE(store_->suspendCart(suspended(code, "sale-" + code)).ok());
        std::atomic<int> won{0};
        std::atomic<int> conflicts{0};
        auto racer = [&](const std::string& kiosk) {
            auto store = testing::openStore(path());
            ASSERT_TRUE(store);
            auto got = store->resumeSuspended(code, kiosk, 1'000);
            if (got.ok())
                ++won;
            else if (got.error().code == ErrorCode::Conflict)
                ++conflicts;
            else
                ADD_FAILURE() << got.error().message;
        };
        std::thread a(racer, "KA" + std::to_string(round));
        std::thread b(racer, "KB" + std::to_string(round));
        a.join();
        b.join();
        EXPECT_EQ(won.load(), 1);
        EXPECT_EQ(conflicts.load(), 1);
        int carts = 0;
        for (const std::string kiosk : {"KA", "KB"}) {
            auto open = store_->loadOpenCart(kiosk + std::to_string(round));
            ASSERT_TRUE(open.ok());
            carts += open->has_value() ? 1 : 0;
        }
        EXPECT_EQ(carts, 1);
    }
}

TEST_F(StoreInterventions, UnreadableSuspendedCartIsAClearError) {
    ASSERT_TRUE(store_->suspendCart(suspended("50505050", "sale-1")).ok());
    store_.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE suspended_carts SET cart = '{\"format\": 1'", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    store_ = testing::openStore(path());
    auto resumed = store_->resumeSuspended("50505050", "K2", 1'000);
    ASSERT_FALSE(resumed.ok());
    expectError(resumed.error(), ErrorCode::Corrupt, "code 50505050");
    EXPECT_NE(resumed.error().message.find(path()), std::string::npos);
    auto list = store_->suspendedCarts(false);
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, ErrorCode::Corrupt);
    auto open = store_->loadOpenCart("K2");
    ASSERT_TRUE(open.ok());
    EXPECT_FALSE(open->has_value());
}

}  // namespace
}  // namespace kiosk::storage
