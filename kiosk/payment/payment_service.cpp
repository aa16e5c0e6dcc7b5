// The payment coordinator. One worker thread per payment; every decision that matters is
// committed to the store before the next message leaves, so a crash at any point is resolved
// at start-up with TransactionStatus and a payment request is never sent twice.
#include "kiosk/payment/payment_service.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace kiosk::payment {
namespace {

using devices::OutcomeKind;
using devices::TerminalOutcome;
using storage::IntentKind;
using storage::IntentState;
using storage::PaymentIntent;

Timestamp nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool isFinal(OutcomeKind k) {
    return k == OutcomeKind::Approved || k == OutcomeKind::Declined ||
           k == OutcomeKind::Cancelled || k == OutcomeKind::Busy || k == OutcomeKind::Unavailable;
}

Tender tenderOf(const TerminalOutcome& o, int64_t requested) {
    Tender t;
    t.method = "card";
    t.amount = o.approval.authorizedAmount > 0 ? o.approval.authorizedAmount : requested;
    t.brand = o.approval.brand;
    t.maskedPan = o.approval.maskedPan;
    t.entryMode = o.approval.entryMode;
    t.approvalCode = o.approval.approvalCode;
    t.terminalTransactionId = o.approval.poiTransactionId;
    t.reconciliationId = o.approval.reconciliationId;
    t.receiptLines = o.approval.receiptLines;
    return t;
}

// An approved intent's detail keeps the terminal's transaction time, which a Reversal quotes.
constexpr std::string_view kPoiTimePrefix = "poi-time=";

}  // namespace

const char* toString(PaymentStage stage) {
    switch (stage) {
        case PaymentStage::Idle:
            return "idle";
        case PaymentStage::Starting:
            return "starting";
        case PaymentStage::WaitingForCard:
            return "waiting for card";
        case PaymentStage::Aborting:
            return "aborting";
        case PaymentStage::Checking:
            return "checking";
        case PaymentStage::Unresolved:
            return "unresolved";
        case PaymentStage::Done:
            return "done";
    }
    return "idle";
}

bool StartupResolution::allResolved() const {
    for (const PendingResolution& r : intents) {
        if (r.kind == ResolutionKind::Unresolved)
            return false;
    }
    return true;
}

std::vector<Tender> StartupResolution::approvedTenders(const std::string& saleUuid) const {
    std::vector<Tender> out;
    for (const PendingResolution& r : intents) {
        if (r.saleUuid == saleUuid && r.kind == ResolutionKind::Approved && r.tender)
            out.push_back(*r.tender);
    }
    return out;
}

struct PaymentService::Impl {
    devices::PaymentTerminal& terminal;
    std::unique_ptr<storage::Store> store;
    PaymentIds ids;
    PaymentOptions opt;

    std::mutex storeMu;  // the Store is single-threaded: the worker, abort and refund share it
    mutable std::mutex mu;
    std::condition_variable cv;
    std::deque<Event> events;
    PaymentProgress progressNow;
    bool running = false;
    bool stopping = false;
    struct Current {
        std::string saleUuid;
        std::string serviceId;
        Currency currency;
        bool abortRequested = false;
        bool abortSent = false;
    };
    std::optional<Current> current;
    // Approved at start-up and not journaled: answered at once when the sale pays again.
    std::map<std::string, std::deque<Tender>> recovered;
    std::thread worker;
    std::vector<std::thread> helpers;  // abort senders

    Impl(devices::PaymentTerminal& t, std::unique_ptr<storage::Store> s, PaymentIds i,
         PaymentOptions o)
        : terminal(t), store(std::move(s)), ids(std::move(i)), opt(std::move(o)) {}

    void notify() {
        if (opt.notify)
            opt.notify();
    }

    void setProgress(PaymentStage stage, std::string text) {
        {
            std::lock_guard lock(mu);
            progressNow.stage = stage;
            progressNow.text = std::move(text);
            if (current) {
                progressNow.saleUuid = current->saleUuid;
                progressNow.serviceId = current->serviceId;
            }
        }
        notify();
    }

    void finish(Event event) {
        {
            std::lock_guard lock(mu);
            events.push_back(std::move(event));
            running = false;
            current.reset();
            progressNow.stage = PaymentStage::Done;
        }
        cv.notify_all();
        notify();
    }

    // Sleeps up to `ms`; false when the service is shutting down.
    bool pause(Millis ms) {
        std::unique_lock lock(mu);
        cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping; });
        return !stopping;
    }

    bool stopRequested() {
        std::lock_guard lock(mu);
        return stopping;
    }

    bool hook(PaymentStep step, const std::string& serviceId) {
        return opt.stepHook && opt.stepHook(step, serviceId);
    }

    Result<std::string> newServiceId() {
        std::lock_guard lock(storeMu);
        return store->nextServiceId(ids.kioskId, ids.serviceIdPrefix);
    }

    // Records an outcome; a failing disk is retried, since the terminal has already acted.
    Result<PaymentIntent> record(const std::string& serviceId, IntentState state,
                                 const std::string& detail, const std::optional<Tender>& tender) {
        Result<PaymentIntent> r = makeError(ErrorCode::Internal, "not recorded");
        for (int attempt = 0; attempt < 5; ++attempt) {
            {
                std::lock_guard lock(storeMu);
                r = store->recordPaymentOutcome(serviceId, state, detail, tender);
            }
            if (r || r.error().code == ErrorCode::Conflict || r.error().code == ErrorCode::NotFound)
                return r;
            spdlog::error("payment {}: cannot record the outcome ({}); retrying", serviceId,
                          r.error().message);
            if (!pause(200))
                break;
        }
        return r;
    }

    // TransactionStatus until the terminal says what happened to `serviceId`: a final
    // outcome, or NotFound. `budget` < 0: ask for as long as it takes (the kiosk shows
    // "please wait for staff" meanwhile); otherwise give up after that long with Unknown.
    TerminalOutcome askStatus(const std::string& serviceId, const Currency& currency, Millis budget,
                              Millis firstDelay) {
        const auto started = std::chrono::steady_clock::now();
        auto elapsed = [&] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - started)
                .count();
        };
        TerminalOutcome last;
        last.kind = OutcomeKind::Unknown;
        if (firstDelay > 0 && !pause(firstDelay))
            return last;
        int unreachable = 0;
        for (;;) {
            auto statusId = newServiceId();
            if (statusId) {
                last =
                    terminal.transactionStatus(*statusId, serviceId, currency, opt.statusTimeout);
                spdlog::info("payment {}: status {} ({})", serviceId, devices::toString(last.kind),
                             last.detail);
                if (isFinal(last.kind) || last.kind == OutcomeKind::NotFound)
                    return last;
                if (last.kind == OutcomeKind::Unknown)
                    ++unreachable;
                else
                    unreachable = 0;
            } else {
                ++unreachable;
                last.detail = statusId.error().message;
            }
            if (unreachable >= 3)
                setProgress(PaymentStage::Unresolved,
                            "the terminal does not answer; please wait for staff");
            if (budget >= 0 && elapsed() >= budget)
                return last;
            if (!pause(opt.statusInterval))
                return last;
        }
    }

    void run(StartPayment cmd) {
        bool retryLeft = opt.retryNotFoundOnce;
        int attempt = cmd.attempt;
        for (;;) {
            auto serviceId = newServiceId();
            if (!serviceId) {
                finish(PaymentFailed{"the payment could not be recorded: " +
                                     serviceId.error().message});
                return;
            }
            PaymentIntent intent;
            intent.kioskId = ids.kioskId;
            intent.saleUuid = cmd.saleUuid;
            intent.serviceId = *serviceId;
            intent.attempt = attempt;
            intent.amount = cmd.amount;
            intent.currency = std::string(cmd.currency.codeView());
            Result<PaymentIntent> created = makeError(ErrorCode::Internal, "");
            {
                std::lock_guard lock(storeMu);
                created = store->createPaymentIntent(intent);
            }
            if (!created) {
                // Nothing left the kiosk: the shopper was not charged.
                finish(
                    PaymentFailed{"the payment could not be recorded: " + created.error().message});
                return;
            }
            bool abortFirst = false;
            {
                std::lock_guard lock(mu);
                current->serviceId = *serviceId;
                abortFirst = current->abortRequested;
            }
            if (abortFirst) {
                (void)record(*serviceId, IntentState::Cancelled, "cancelled before sending",
                             std::nullopt);
                finish(PaymentCancelled{});
                return;
            }
            if (hook(PaymentStep::IntentCommitted, *serviceId))
                return abandon();
            setProgress(PaymentStage::WaitingForCard, "tap, insert or swipe the card");
            devices::PaymentRequestData request;
            request.serviceId = *serviceId;
            request.transactionId = cmd.saleUuid;
            request.timestamp = nowMs();
            request.amount = cmd.amount;
            request.currency = cmd.currency;
            TerminalOutcome outcome = terminal.pay(request, opt.paymentTimeout);
            spdlog::info("payment {}: terminal answered {} ({})", *serviceId,
                         devices::toString(outcome.kind), outcome.detail);
            bool aborted = false;
            {
                std::lock_guard lock(mu);
                aborted = current->abortRequested;
            }
            if (!isFinal(outcome.kind)) {
                // No usable answer: never send the payment again; ask what became of it.
                setProgress(PaymentStage::Checking, "checking the payment with the terminal");
                outcome = askStatus(*serviceId, cmd.currency, -1, opt.firstStatusDelay);
                if (outcome.kind == OutcomeKind::Unknown)
                    return abandon();  // shutting down; start-up resolves the PENDING intent
            } else if (aborted && !(outcome.kind == OutcomeKind::Unavailable && outcome.notSent)) {
                // An abort can race with an approval: the terminal's log has the last word.
                TerminalOutcome confirmed =
                    askStatus(*serviceId, cmd.currency, opt.statusTimeout, 0);
                if (isFinal(confirmed.kind))
                    outcome = confirmed;
            }
            if (outcome.kind == OutcomeKind::NotFound) {
                (void)record(*serviceId, IntentState::Failed,
                             "the terminal never received the request", std::nullopt);
                if (retryLeft && !aborted) {
                    // The terminal never got it, so a new request cannot charge twice.
                    retryLeft = false;
                    ++attempt;
                    spdlog::info("payment {}: not found at the terminal; one new request",
                                 *serviceId);
                    continue;
                }
                if (aborted) {
                    finish(PaymentCancelled{});
                    return;
                }
                finish(PaymentDeclined{DeclineReason::Other,
                                       "the terminal did not receive the payment"});
                return;
            }
            if (hook(PaymentStep::ResponseReceived, *serviceId))
                return abandon();
            Event event = commitOutcome(*serviceId, outcome, cmd.amount);
            if (hook(PaymentStep::OutcomeCommitted, *serviceId))
                return abandon();
            finish(std::move(event));
            return;
        }
    }

    // A test's simulated crash, or shutdown with the outcome unknown: nothing more is written
    // or delivered; the intent stays as it is in the store.
    void abandon() {
        {
            std::lock_guard lock(mu);
            running = false;
            current.reset();
            progressNow.stage = PaymentStage::Idle;
        }
        cv.notify_all();
    }

    Event commitOutcome(const std::string& serviceId, const TerminalOutcome& o, int64_t amount) {
        switch (o.kind) {
            case OutcomeKind::Approved: {
                Tender tender = tenderOf(o, amount);
                auto r = record(serviceId, IntentState::Approved,
                                std::string(kPoiTimePrefix) + o.approval.poiTimestamp, tender);
                if (!r) {
                    // The money moved. The intent stays PENDING if the disk refuses it, and
                    // start-up asks the terminal again; the sale goes on meanwhile.
                    spdlog::error("payment {}: approval not recorded: {}", serviceId,
                                  r.error().message);
                }
                return PaymentApproved{tender};
            }
            case OutcomeKind::Declined:
                (void)record(serviceId, IntentState::Declined, o.errorCondition + ": " + o.detail,
                             std::nullopt);
                return PaymentDeclined{o.declineReason, o.detail};
            case OutcomeKind::Cancelled:
                (void)record(serviceId, IntentState::Cancelled, o.detail, std::nullopt);
                return PaymentCancelled{};
            case OutcomeKind::Busy:
                (void)record(serviceId, IntentState::Failed, "terminal busy", std::nullopt);
                return PaymentDeclined{DeclineReason::TerminalBusy, "the terminal is busy"};
            default:
                (void)record(serviceId, IntentState::Failed, o.detail, std::nullopt);
                return PaymentFailed{o.detail};
        }
    }

    void sendAbort(std::string paymentServiceId) {
        auto abortId = newServiceId();
        if (!abortId) {
            spdlog::error("payment {}: no ServiceID for the abort: {}", paymentServiceId,
                          abortId.error().message);
            return;
        }
        auto sent = terminal.abort(*abortId, paymentServiceId);
        if (!sent)
            spdlog::warn("payment {}: {}", paymentServiceId, sent.error().message);
    }
};

PaymentService::PaymentService(devices::PaymentTerminal& terminal,
                               std::unique_ptr<storage::Store> store, PaymentIds ids,
                               PaymentOptions options)
    : impl_(
          std::make_unique<Impl>(terminal, std::move(store), std::move(ids), std::move(options))) {}

PaymentService::~PaymentService() {
    {
        std::lock_guard lock(impl_->mu);
        impl_->stopping = true;
    }
    impl_->cv.notify_all();
    if (impl_->worker.joinable())
        impl_->worker.join();
    for (std::thread& t : impl_->helpers) {
        if (t.joinable())
            t.join();
    }
}

Result<StartupResolution> PaymentService::resolvePending() {
    {
        std::lock_guard lock(impl_->mu);
        if (impl_->running)
            return makeError(ErrorCode::Conflict, "a payment is running");
    }
    Result<std::vector<PaymentIntent>> intents = makeError(ErrorCode::Internal, "");
    {
        std::lock_guard lock(impl_->storeMu);
        intents = impl_->store->unresolvedPaymentIntents(impl_->ids.kioskId);
    }
    if (!intents)
        return intents.error();
    StartupResolution out;
    std::map<std::string, std::deque<Tender>> recovered;
    for (const PaymentIntent& in : *intents) {
        PendingResolution r;
        r.saleUuid = in.saleUuid;
        r.serviceId = in.serviceId;
        r.amount = in.amount;
        auto currency = currencyFromCode(in.currency);
        if (!currency) {
            r.kind = ResolutionKind::Unresolved;
            r.detail = currency.error().message;
            out.intents.push_back(std::move(r));
            continue;
        }
        if (in.kind == IntentKind::Reversal) {
            // A refund whose answer was lost: reversing the same terminal transaction again
            // cannot refund twice (the terminal refuses or repeats), so it is asked again.
            (void)impl_->record(in.serviceId, IntentState::Failed,
                                "answer lost; asked again at start-up", std::nullopt);
            auto again = refund(in.saleUuid, "system", "resume a refund after a restart");
            r.kind =
                again && again->reversed ? ResolutionKind::NotCharged : ResolutionKind::Unresolved;
            r.detail = again ? again->detail : again.error().message;
            out.intents.push_back(std::move(r));
            continue;
        }
        if (in.state == IntentState::Approved) {
            r.kind = ResolutionKind::Approved;
            r.tender = in.tender;
            if (in.tender)
                recovered[in.saleUuid].push_back(*in.tender);
            out.intents.push_back(std::move(r));
            continue;
        }
        TerminalOutcome o =
            impl_->askStatus(in.serviceId, *currency, impl_->opt.statusTimeout * 2, 0);
        switch (o.kind) {
            case OutcomeKind::Approved: {
                Tender tender = tenderOf(o, in.amount);
                auto rec =
                    impl_->record(in.serviceId, IntentState::Approved,
                                  std::string(kPoiTimePrefix) + o.approval.poiTimestamp, tender);
                if (!rec)
                    return rec.error();
                r.kind = ResolutionKind::Approved;
                r.tender = tender;
                recovered[in.saleUuid].push_back(tender);
                break;
            }
            case OutcomeKind::NotFound: {
                auto rec = impl_->record(in.serviceId, IntentState::Failed,
                                         "the terminal never received the request", std::nullopt);
                if (!rec)
                    return rec.error();
                r.kind = ResolutionKind::NotCharged;
                r.detail = "the terminal never received the request";
                break;
            }
            case OutcomeKind::Declined:
            case OutcomeKind::Cancelled:
            case OutcomeKind::Busy:
            case OutcomeKind::Unavailable: {
                const IntentState state = o.kind == OutcomeKind::Declined ? IntentState::Declined
                                          : o.kind == OutcomeKind::Cancelled
                                              ? IntentState::Cancelled
                                              : IntentState::Failed;
                auto rec = impl_->record(in.serviceId, state, o.detail, std::nullopt);
                if (!rec)
                    return rec.error();
                r.kind = ResolutionKind::NotCharged;
                r.detail = o.detail;
                break;
            }
            default:
                r.kind = ResolutionKind::Unresolved;
                r.detail = o.detail.empty() ? "the terminal could not be asked" : o.detail;
                break;
        }
        out.intents.push_back(std::move(r));
    }
    {
        std::lock_guard lock(impl_->mu);
        impl_->recovered = std::move(recovered);
    }
    return out;
}

void PaymentService::start(const StartPayment& command) {
    std::unique_lock lock(impl_->mu);
    if (impl_->running) {
        // The machine never starts a second payment while one is in flight; delivering a
        // decline now would be taken for the running payment's outcome, so only log it.
        spdlog::error("payment for sale {} refused: a payment is already running",
                      command.saleUuid);
        return;
    }
    if (auto it = impl_->recovered.find(command.saleUuid);
        it != impl_->recovered.end() && !it->second.empty()) {
        // Paid before the restart: the same tender again, no second request.
        Tender tender = it->second.front();
        it->second.pop_front();
        impl_->events.push_back(PaymentApproved{tender});
        lock.unlock();
        impl_->notify();
        return;
    }
    if (impl_->worker.joinable()) {
        lock.unlock();
        impl_->worker.join();
        lock.lock();
    }
    impl_->running = true;
    impl_->current = Impl::Current{command.saleUuid, "", command.currency, false, false};
    impl_->progressNow =
        PaymentProgress{command.saleUuid, PaymentStage::Starting, "starting the payment", ""};
    impl_->worker = std::thread([impl = impl_.get(), command] { impl->run(command); });
}

void PaymentService::abort(const std::string& saleUuid) {
    std::string serviceId;
    {
        std::lock_guard lock(impl_->mu);
        if (!impl_->current || impl_->current->saleUuid != saleUuid ||
            impl_->current->abortRequested)
            return;
        impl_->current->abortRequested = true;
        serviceId = impl_->current->serviceId;
        impl_->progressNow.stage = PaymentStage::Aborting;
        impl_->progressNow.text = "cancelling the payment";
        if (serviceId.empty())
            return;  // the worker sees the flag before anything is sent
        impl_->current->abortSent = true;
        impl_->helpers.emplace_back(
            [impl = impl_.get(), serviceId] { impl->sendAbort(serviceId); });
    }
    impl_->notify();
}

std::vector<Event> PaymentService::poll() {
    std::lock_guard lock(impl_->mu);
    std::vector<Event> out(impl_->events.begin(), impl_->events.end());
    impl_->events.clear();
    return out;
}

PaymentProgress PaymentService::progress() const {
    std::lock_guard lock(impl_->mu);
    return impl_->progressNow;
}

bool PaymentService::busy() const {
    std::lock_guard lock(impl_->mu);
    return impl_->running;
}

Result<RefundResult> PaymentService::refund(const std::string& saleUuid, const std::string& staffId,
                                            const std::string& reason) {
    {
        std::lock_guard lock(impl_->mu);
        if (impl_->running)
            return makeError(ErrorCode::Conflict, "a payment is running; refund afterwards");
    }
    Result<std::vector<PaymentIntent>> intents = makeError(ErrorCode::Internal, "");
    {
        std::lock_guard lock(impl_->storeMu);
        intents = impl_->store->paymentIntents(saleUuid);
    }
    if (!intents)
        return intents.error();
    RefundResult result;
    bool anyApproved = false;
    bool allReversed = true;
    for (const PaymentIntent& payment : *intents) {
        if (payment.kind != IntentKind::Payment || payment.state != IntentState::Approved ||
            !payment.tender)
            continue;
        anyApproved = true;
        bool done = false;
        for (const PaymentIntent& rev : *intents) {
            done =
                done || (rev.kind == IntentKind::Reversal && rev.state == IntentState::Approved &&
                         rev.originalServiceId == payment.serviceId);
        }
        if (done) {
            result.amount += payment.amount;
            continue;
        }
        auto currency = currencyFromCode(payment.currency);
        if (!currency)
            return currency.error();
        auto serviceId = impl_->newServiceId();
        if (!serviceId)
            return serviceId.error();
        PaymentIntent rev;
        rev.kioskId = impl_->ids.kioskId;
        rev.saleUuid = saleUuid;
        rev.serviceId = *serviceId;
        rev.kind = IntentKind::Reversal;
        rev.amount = payment.amount;
        rev.currency = payment.currency;
        rev.originalServiceId = payment.serviceId;
        {
            std::lock_guard lock(impl_->storeMu);
            auto created = impl_->store->createPaymentIntent(rev);
            if (!created)
                return created.error();
        }
        devices::ReversalRequestData req;
        req.serviceId = *serviceId;
        req.transactionId = saleUuid;
        req.timestamp = nowMs();
        req.poiTransactionId = payment.tender->terminalTransactionId;
        if (payment.detail.starts_with(kPoiTimePrefix))
            req.poiTimestamp = payment.detail.substr(kPoiTimePrefix.size());
        req.amount = payment.amount;
        req.currency = *currency;
        spdlog::info("refund of sale {} payment {} by staff {}: {}", saleUuid, payment.serviceId,
                     staffId, reason);
        TerminalOutcome o = impl_->terminal.reversal(req, impl_->opt.reversalTimeout);
        if (o.kind == OutcomeKind::Approved) {
            auto rec = impl_->record(*serviceId, IntentState::Approved, "reversed by " + staffId,
                                     std::optional<Tender>(*payment.tender));
            if (!rec)
                return rec.error();
            result.amount += payment.amount;
        } else if (o.kind == OutcomeKind::Unknown) {
            // Left PENDING: start-up asks again (a second reversal of the same transaction
            // cannot refund twice).
            allReversed = false;
            result.detail = "the terminal did not answer the refund: " + o.detail;
        } else {
            (void)impl_->record(*serviceId, IntentState::Declined, o.detail, std::nullopt);
            allReversed = false;
            result.detail = "the terminal refused the refund: " + o.detail;
        }
    }
    if (!anyApproved)
        return makeError(ErrorCode::NotFound,
                         fmt::format("sale {} has no approved card payment to refund", saleUuid));
    result.reversed = allReversed;
    if (allReversed)
        result.detail = "reversed";
    return result;
}

Result<std::vector<Tender>> PaymentService::approvedTenders(const std::string& saleUuid) {
    std::lock_guard lock(impl_->storeMu);
    auto intents = impl_->store->paymentIntents(saleUuid);
    if (!intents)
        return intents.error();
    std::vector<Tender> out;
    for (const PaymentIntent& in : *intents) {
        if (in.kind == IntentKind::Payment && in.state == IntentState::Approved && in.tender)
            out.push_back(*in.tender);
    }
    return out;
}

ShopperText declineText(DeclineReason reason) {
    switch (reason) {
        case DeclineReason::Refused:
            return {"payment.declined.refused", "Your card was declined. Please try another card.",
                    "Kartu Anda ditolak. Silakan coba kartu lain."};
        case DeclineReason::InvalidCard:
            return {"payment.declined.invalid_card",
                    "This card cannot be used. Please try another card.",
                    "Kartu ini tidak dapat digunakan. Silakan coba kartu lain."};
        case DeclineReason::WrongPin:
            return {"payment.declined.wrong_pin", "Wrong PIN. Please try again.",
                    "PIN salah. Silakan coba lagi."};
        case DeclineReason::NotAllowed:
            return {"payment.declined.not_allowed",
                    "This payment is not allowed. Please try another card.",
                    "Pembayaran ini tidak diizinkan. Silakan coba kartu lain."};
        case DeclineReason::PaymentRestriction:
            return {"payment.declined.restriction",
                    "This card cannot pay for these items. Please try another card.",
                    "Kartu ini tidak dapat membayar barang ini. Silakan coba kartu lain."};
        case DeclineReason::TerminalBusy:
            return {"payment.declined.busy", "The card reader is busy. Please try again.",
                    "Mesin kartu sedang sibuk. Silakan coba lagi."};
        case DeclineReason::TerminalUnavailable:
            return {"payment.declined.unavailable",
                    "The card reader is not available. A staff member is coming.",
                    "Mesin kartu tidak tersedia. Petugas akan segera datang."};
        case DeclineReason::Other:
            break;
    }
    return {"payment.declined.other", "The payment did not go through. Please try again.",
            "Pembayaran tidak berhasil. Silakan coba lagi."};
}

ShopperText stageText(PaymentStage stage) {
    switch (stage) {
        case PaymentStage::Starting:
        case PaymentStage::WaitingForCard:
            return {"payment.stage.waiting", "Tap, insert or swipe your card on the card reader.",
                    "Tempelkan, masukkan, atau gesek kartu Anda pada mesin kartu."};
        case PaymentStage::Aborting:
            return {"payment.stage.aborting", "Cancelling the payment...",
                    "Membatalkan pembayaran..."};
        case PaymentStage::Checking:
            return {"payment.stage.checking", "Checking your payment, one moment please...",
                    "Memeriksa pembayaran Anda, mohon tunggu sebentar..."};
        case PaymentStage::Unresolved:
            return {"payment.stage.unresolved", "Please wait for staff.", "Mohon tunggu petugas."};
        case PaymentStage::Idle:
        case PaymentStage::Done:
            break;
    }
    return {"payment.stage.idle", "", ""};
}

}  // namespace kiosk::payment
