// The coordinator's exactly-once rules, with the real driver and the simulator on a real
// local socket: every outcome, every fault the simulator can make, aborts and their races,
// start-up resolution, split tender and refunds. Each test checks the kiosk's intents and
// journal against the simulator's ledger.
#include <gtest/gtest.h>

#include "payment_fixtures.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::payment;
using namespace kiosk::payment::testing;
using devices::sim::SimFault;
using devices::sim::SimOutcome;
using devices::sim::SimRule;
using storage::IntentState;

class PaymentServiceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        devices::sim::SimOptions o;
        o.ledgerPath = dir.file("ledger.jsonl");
        o.tapDelayMs = 100;
        o.noAnswerMs = 800;
        auto s = devices::sim::TerminalSimulator::start(o);
        ASSERT_TRUE(s) << s.error().message;
        sim = std::move(*s);
        terminal = driverFor(sim->url());
        store = openStore(dir.file("kasir.db"));
        service = makeService();
    }

    std::unique_ptr<PaymentService> makeService(PaymentOptions options = fastOptions()) {
        return std::make_unique<PaymentService>(*terminal, openStore(dir.file("kasir.db")),
                                                PaymentIds{"S1", "KIOSK1", "K"}, options);
    }

    StartPayment pay(const std::string& sale, int64_t amount = 1234, int attempt = 1) {
        return StartPayment{sale, amount, currencyEur(), attempt};
    }

    std::vector<storage::PaymentIntent> intents(const std::string& sale) {
        auto r = store->paymentIntents(sale);
        EXPECT_TRUE(r);
        return r ? *r : std::vector<storage::PaymentIntent>{};
    }

    TempDir dir;
    std::unique_ptr<devices::sim::TerminalSimulator> sim;
    std::unique_ptr<devices::NexoTerminal> terminal;
    std::unique_ptr<storage::Store> store;
    std::unique_ptr<PaymentService> service;
};

TEST_F(PaymentServiceTest, ApprovalCarriesTheTenderAndIsRecordedBeforeDelivery) {
    service->start(pay("sale-1"));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    auto* ok = std::get_if<PaymentApproved>(&*e);
    ASSERT_NE(ok, nullptr);
    EXPECT_EQ(ok->tender.method, "card");
    EXPECT_EQ(ok->tender.amount, 1234);
    EXPECT_FALSE(ok->tender.maskedPan.empty());
    EXPECT_FALSE(ok->tender.approvalCode.empty());
    EXPECT_EQ(ok->tender.entryMode, "Contactless");
    EXPECT_FALSE(ok->tender.terminalTransactionId.empty());
    auto in = intents("sale-1");
    ASSERT_EQ(in.size(), 1u);
    EXPECT_EQ(in[0].state, IntentState::Approved);
    EXPECT_EQ(in[0].tender, ok->tender);
    EXPECT_FALSE(in[0].settled);
    EXPECT_EQ(approvedCharges(sim->ledger(), "sale-1"), 1);
    // Journaling the sale settles the intent: nothing is left to resolve.
    ASSERT_TRUE(store->completeSale(saleWith("sale-1", 1234, {ok->tender})));
    auto un = store->unresolvedPaymentIntents("KIOSK1");
    ASSERT_TRUE(un);
    EXPECT_TRUE(un->empty());
    EXPECT_TRUE(intents("sale-1")[0].settled);
}

TEST_F(PaymentServiceTest, EachDeclineMapsToItsReasonAndNothingIsCharged) {
    const std::pair<SimOutcome, DeclineReason> cases[] = {
        {SimOutcome::Refusal, DeclineReason::Refused},
        {SimOutcome::InvalidCard, DeclineReason::InvalidCard},
        {SimOutcome::WrongPin, DeclineReason::WrongPin},
        {SimOutcome::NotAllowed, DeclineReason::NotAllowed},
        {SimOutcome::PaymentRestriction, DeclineReason::PaymentRestriction},
    };
    int n = 0;
    for (auto [outcome, reason] : cases) {
        const std::string sale = "decline-" + std::to_string(n++);
        sim->pushRule(SimRule{outcome, SimFault::None, 0});
        service->start(pay(sale));
        auto e = waitEvent(*service);
        ASSERT_TRUE(e);
        auto* d = std::get_if<PaymentDeclined>(&*e);
        ASSERT_NE(d, nullptr) << sale;
        EXPECT_EQ(d->reason, reason);
        EXPECT_EQ(intents(sale)[0].state, IntentState::Declined);
        EXPECT_EQ(approvedCharges(sim->ledger(), sale), 0);
        const ShopperText text = declineText(reason);
        EXPECT_NE(std::string(text.en), "");
        EXPECT_NE(std::string(text.id_ID), "");
        EXPECT_NE(std::string(text.en), std::string(text.id_ID));
    }
}

TEST_F(PaymentServiceTest, ShopperCancelOnTheTerminalIsCancelled) {
    sim->pushRule(SimRule{SimOutcome::Cancel, SimFault::None, 0});
    service->start(pay("cancel-1"));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::holds_alternative<PaymentCancelled>(*e));
    EXPECT_EQ(intents("cancel-1")[0].state, IntentState::Cancelled);
}

TEST_F(PaymentServiceTest, DroppedLinkAfterApprovalIsResolvedByStatusNotResent) {
    sim->pushRule(SimRule{SimOutcome::Approve, SimFault::DropAfterApprove, 0});
    service->start(pay("drop-after"));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::holds_alternative<PaymentApproved>(*e));
    EXPECT_EQ(sim->counts().payments, 1);  // never sent again
    EXPECT_GE(sim->counts().statusQueries, 1);
    EXPECT_EQ(approvedCharges(sim->ledger(), "drop-after"), 1);
}

TEST_F(PaymentServiceTest, NotFoundStartsOneNewPaymentWithANewServiceId) {
    sim->pushRule(SimRule{SimOutcome::Approve, SimFault::DropBeforeProcessing, 0});
    service->start(pay("drop-before"));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::holds_alternative<PaymentApproved>(*e));
    auto in = intents("drop-before");
    ASSERT_EQ(in.size(), 2u);
    EXPECT_EQ(in[0].state, IntentState::Failed);
    EXPECT_EQ(in[1].state, IntentState::Approved);
    EXPECT_NE(in[0].serviceId, in[1].serviceId);
    EXPECT_EQ(sim->counts().payments, 2);
    EXPECT_EQ(approvedCharges(sim->ledger(), "drop-before"), 1);
}

TEST_F(PaymentServiceTest, NotFoundTwiceAsksTheShopper) {
    sim->pushRule(SimRule{SimOutcome::Approve, SimFault::DropBeforeProcessing, 0});
    sim->pushRule(SimRule{SimOutcome::Approve, SimFault::DropBeforeProcessing, 0});
    service->start(pay("drop-twice"));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    auto* d = std::get_if<PaymentDeclined>(&*e);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(sim->counts().payments, 2);  // one automatic retry, no more
    EXPECT_EQ(approvedCharges(sim->ledger(), "drop-twice"), 0);
    for (const auto& in : intents("drop-twice")) {
        EXPECT_EQ(in.state, IntentState::Failed);
    }
}

TEST_F(PaymentServiceTest, UnreachableTerminalFailsWithNothingCharged) {
    sim->pause();
    service->start(pay("down"));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::holds_alternative<PaymentFailed>(*e));
    EXPECT_EQ(intents("down")[0].state, IntentState::Failed);
    ASSERT_TRUE(sim->resume());
}

TEST_F(PaymentServiceTest, BusyTerminalIsADeclineTheShopperMayRetry) {
    // Another sale system's payment holds the terminal.
    sim->setTapDelay(3000);
    auto other = driverFor(sim->url(), "OTHER");
    std::thread blocker([&] {
        devices::PaymentRequestData r{"OTHER1", "other-sale", 0, 500, currencyEur()};
        (void)other->pay(r, 10'000);
    });
    while (sim->counts().payments == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    service->start(pay("busy"));
    auto e = waitEvent(*service);
    blocker.join();
    ASSERT_TRUE(e);
    auto* d = std::get_if<PaymentDeclined>(&*e);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->reason, DeclineReason::TerminalBusy);
    EXPECT_EQ(approvedCharges(sim->ledger(), "busy"), 0);
}

TEST_F(PaymentServiceTest, AbortBeforeTheTapCancels) {
    sim->setTapDelay(2000);
    service->start(pay("abort-1"));
    while (sim->counts().payments == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    service->abort("abort-1");
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::holds_alternative<PaymentCancelled>(*e));
    EXPECT_EQ(sim->counts().aborts, 1);
    EXPECT_EQ(approvedCharges(sim->ledger(), "abort-1"), 0);
    EXPECT_EQ(intents("abort-1")[0].state, IntentState::Cancelled);
}

TEST_F(PaymentServiceTest, AbortThatLosesTheRaceToAnApprovalIsApproved) {
    // The card was tapped; the approval takes a while; the shopper presses Cancel too late.
    sim->pushRule(SimRule{SimOutcome::Approve, SimFault::Late, 800});
    service->start(pay("race"));
    sim->onEvent([&](const devices::sim::SimEvent&) {});
    std::this_thread::sleep_for(std::chrono::milliseconds(400));  // past the tap delay
    service->abort("race");
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::holds_alternative<PaymentApproved>(*e));
    EXPECT_EQ(approvedCharges(sim->ledger(), "race"), 1);
    EXPECT_GE(sim->counts().statusQueries, 1);  // confirmed with TransactionStatus
}

TEST_F(PaymentServiceTest, MalformedAnswerIsResolvedByStatus) {
    sim->pushRule(SimRule{SimOutcome::Approve, SimFault::Malformed, 0});
    service->start(pay("malformed"));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::holds_alternative<PaymentApproved>(*e));
    EXPECT_EQ(sim->counts().payments, 1);
}

TEST_F(PaymentServiceTest, TerminalRestartDuringPaymentLosesItAndOneRetryPays) {
    sim->pushRule(SimRule{SimOutcome::Approve, SimFault::RestartDuring, 0});
    service->start(pay("restart"));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::holds_alternative<PaymentApproved>(*e));
    EXPECT_EQ(approvedCharges(sim->ledger(), "restart"), 1);
}

TEST_F(PaymentServiceTest, SilentTerminalTimesOutThenStatusWaitsThroughInProgress) {
    sim->pushRule(SimRule{SimOutcome::Approve, SimFault::Late, 2500});
    service->start(pay("late"));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::holds_alternative<PaymentApproved>(*e));
    EXPECT_EQ(sim->counts().payments, 1);
    EXPECT_GE(sim->counts().statusQueries, 2);  // InProgress at least once
}

TEST_F(PaymentServiceTest, NoAnswerEndsAsTheTerminalsOwnCancel) {
    sim->pushRule(SimRule{SimOutcome::Approve, SimFault::NoAnswer, 0});
    service->start(pay("no-answer"));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::holds_alternative<PaymentCancelled>(*e));
    EXPECT_EQ(approvedCharges(sim->ledger(), "no-answer"), 0);
}

TEST_F(PaymentServiceTest, StartupResolvesAPendingIntentAndAnswersTheNextStartWithoutSending) {
    // A crash right after the request left: the intent is PENDING, the terminal approved it.
    auto options = fastOptions();
    options.stepHook = [](PaymentStep step, const std::string&) {
        return step == PaymentStep::ResponseReceived;
    };
    auto crashing = makeService(options);
    crashing->start(pay("crash-1"));
    while (crashing->busy())
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_TRUE(crashing->poll().empty());
    crashing.reset();
    EXPECT_EQ(intents("crash-1")[0].state, IntentState::Pending);

    auto restarted = makeService();
    auto resolution = restarted->resolvePending();
    ASSERT_TRUE(resolution) << resolution.error().message;
    ASSERT_EQ(resolution->intents.size(), 1u);
    EXPECT_EQ(resolution->intents[0].kind, ResolutionKind::Approved);
    EXPECT_TRUE(resolution->allResolved());
    ASSERT_EQ(resolution->approvedTenders("crash-1").size(), 1u);
    const int64_t before = sim->counts().payments;
    restarted->start(pay("crash-1"));
    auto e = waitEvent(*restarted);
    ASSERT_TRUE(e);
    auto* ok = std::get_if<PaymentApproved>(&*e);
    ASSERT_NE(ok, nullptr);
    EXPECT_EQ(ok->tender, *resolution->intents[0].tender);
    EXPECT_EQ(sim->counts().payments, before);  // no second request
    EXPECT_EQ(approvedCharges(sim->ledger(), "crash-1"), 1);
}

TEST_F(PaymentServiceTest, StartupWithTheTerminalDownReportsUnresolved) {
    auto options = fastOptions();
    options.stepHook = [](PaymentStep step, const std::string&) {
        return step == PaymentStep::IntentCommitted;
    };
    auto crashing = makeService(options);
    crashing->start(pay("crash-2"));
    while (crashing->busy())
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    crashing.reset();
    sim->pause();
    auto restarted = makeService();
    auto resolution = restarted->resolvePending();
    ASSERT_TRUE(resolution);
    ASSERT_EQ(resolution->intents.size(), 1u);
    EXPECT_EQ(resolution->intents[0].kind, ResolutionKind::Unresolved);
    EXPECT_FALSE(resolution->allResolved());
    ASSERT_TRUE(sim->resume());
    auto again = restarted->resolvePending();
    ASSERT_TRUE(again);
    ASSERT_EQ(again->intents.size(), 1u);
    EXPECT_EQ(again->intents[0].kind, ResolutionKind::NotCharged);
    auto un = store->unresolvedPaymentIntents("KIOSK1");
    ASSERT_TRUE(un);
    EXPECT_TRUE(un->empty());
}

TEST_F(PaymentServiceTest, SplitTenderSettlesOneSaleWithTwoApprovedPayments) {
    service->start(pay("split", 700, 1));
    auto first = waitEvent(*service);
    ASSERT_TRUE(first);
    ASSERT_TRUE(std::holds_alternative<PaymentApproved>(*first));
    service->start(pay("split", 534, 2));
    auto second = waitEvent(*service);
    ASSERT_TRUE(second);
    ASSERT_TRUE(std::holds_alternative<PaymentApproved>(*second));
    auto tenders = service->approvedTenders("split");
    ASSERT_TRUE(tenders);
    ASSERT_EQ(tenders->size(), 2u);
    EXPECT_EQ((*tenders)[0].amount + (*tenders)[1].amount, 1234);
    ASSERT_TRUE(store->completeSale(saleWith("split", 1234, *tenders)));
    auto un = store->unresolvedPaymentIntents("KIOSK1");
    ASSERT_TRUE(un);
    EXPECT_TRUE(un->empty());
    auto sale = store->saleByUuid("split");
    ASSERT_TRUE(sale && *sale);
    EXPECT_EQ((*sale)->tenders.size(), 2u);
}

TEST_F(PaymentServiceTest, RefundReversesEveryApprovedPaymentOnce) {
    service->start(pay("refund", 1000));
    auto e = waitEvent(*service);
    ASSERT_TRUE(e);
    auto* ok = std::get_if<PaymentApproved>(&*e);
    ASSERT_NE(ok, nullptr);
    ASSERT_TRUE(store->completeSale(saleWith("refund", 1000, {ok->tender})));
    auto r = service->refund("refund", "staff-7", "customer returned the goods");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->reversed);
    EXPECT_EQ(r->amount, 1000);
    // A second refund finds nothing left to reverse and sends nothing.
    const int64_t reversals = sim->counts().reversals;
    auto again = service->refund("refund", "staff-7", "again");
    ASSERT_TRUE(again);
    EXPECT_EQ(sim->counts().reversals, reversals);
    int reversedInLedger = 0;
    for (const auto& entry : sim->ledger())
        reversedInLedger += entry.event == "reversed" && entry.transactionId == "refund";
    EXPECT_EQ(reversedInLedger, 1);
    EXPECT_FALSE(service->refund("no-such-sale", "staff-7", "x"));
}

TEST_F(PaymentServiceTest, ServiceIdsAreUniqueAndSurviveReopening) {
    std::set<std::string> seen;
    for (int round = 0; round < 3; ++round) {
        auto s = openStore(dir.file("kasir.db"));
        for (int i = 0; i < 50; ++i) {
            // Two kiosk ids in one file (the back office refunds as the store's kiosk).
            for (const char* kiosk : {"KIOSK1", "kiosk-2"}) {
                auto id = s->nextServiceId(kiosk, "K");
                ASSERT_TRUE(id);
                EXPECT_LE(id->size(), 10u);
                EXPECT_TRUE(seen.insert(*id).second) << *id;
            }
        }
    }
    EXPECT_FALSE(store->nextServiceId("KIOSK1", "K-"));
    EXPECT_FALSE(store->nextServiceId("KIOSK1", "ABC"));
}

TEST_F(PaymentServiceTest, AnOutcomeOnceRecordedIsFinal) {
    storage::PaymentIntent in;
    in.kioskId = "KIOSK1";
    in.saleUuid = "final";
    in.serviceId = "X1";
    in.amount = 5;
    in.currency = "EUR";
    ASSERT_TRUE(store->createPaymentIntent(in));
    EXPECT_FALSE(store->createPaymentIntent(in));  // ServiceID used
    ASSERT_TRUE(store->recordPaymentOutcome("X1", IntentState::Declined, "no", std::nullopt));
    EXPECT_TRUE(store->recordPaymentOutcome("X1", IntentState::Declined, "no", std::nullopt));
    auto changed = store->recordPaymentOutcome("X1", IntentState::Approved, "", Tender{});
    ASSERT_FALSE(changed);
    EXPECT_EQ(changed.error().code, ErrorCode::Conflict);
    EXPECT_FALSE(store->recordPaymentOutcome("nope", IntentState::Declined, "", std::nullopt));
    EXPECT_FALSE(store->recordPaymentOutcome("X1", IntentState::Approved, "", std::nullopt));
}

}  // namespace
