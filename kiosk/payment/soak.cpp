#include "kiosk/payment/soak.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "devices/common/device_url.hpp"
#include "devices/payment/nexo_terminal.hpp"
#include "devices/payment/nexo_transport.hpp"
#include "devices/payment/sim/terminal_sim.hpp"
#include "kiosk/core/money.hpp"
#include "kiosk/payment/payment_service.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::payment {
namespace {

using devices::sim::SimFault;
using devices::sim::SimOutcome;
using devices::sim::SimRule;

SaleRecord saleOf(const std::string& uuid, int64_t total, std::vector<Tender> tenders) {
    SaleRecord s;
    s.saleUuid = uuid;
    s.storeId = "SOAK";
    s.kioskId = "SOAK1";
    s.startedAt = 1'700'000'000'000;
    s.endedAt = 1'700'000'000'000;
    s.currency = currencyEur();
    s.total = total;
    s.subtotal = total;
    s.tenders = std::move(tenders);
    return s;
}

PaymentOptions soakOptions() {
    PaymentOptions o;
    o.paymentTimeout = 300;
    o.statusTimeout = 500;
    o.statusInterval = 20;
    o.firstStatusDelay = 20;
    o.abortTimeout = 500;
    return o;
}

}  // namespace

Result<SoakReport> runPaymentSoak(const SoakOptions& options) {
    SoakReport report;
    const auto started = std::chrono::steady_clock::now();
    std::mt19937_64 rng(options.seed);
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };

    devices::sim::SimOptions simOptions;
    simOptions.ledgerPath = options.directory + "/soak-ledger.jsonl";
    simOptions.tapDelayMs = 10;
    simOptions.noAnswerMs = 200;
    auto sim = devices::sim::TerminalSimulator::start(simOptions);
    if (!sim)
        return sim.error();
    auto url = devices::parseDeviceUrl((*sim)->url());
    if (!url)
        return url.error();
    auto transport = devices::makeHttpTransport(*url, {});
    if (!transport)
        return transport.error();
    devices::NexoTerminal terminal(std::move(*transport), {"SOAK1", "kasir-sim"});
    const std::string db = options.directory + "/soak.db";
    auto journal = storage::Store::open(db);
    if (!journal)
        return journal.error();

    const PaymentIds ids{"SOAK", "SOAK1", "S"};
    // The step at which the current coordinator "crashes"; re-armed per payment.
    auto crashAt = std::make_shared<std::optional<PaymentStep>>();
    auto makeService = [&]() -> Result<std::unique_ptr<PaymentService>> {
        auto own = storage::Store::open(db);
        if (!own)
            return own.error();
        PaymentOptions o = soakOptions();
        o.stepHook = [crashAt](PaymentStep step, const std::string&) {
            return crashAt->has_value() && **crashAt == step;
        };
        return std::make_unique<PaymentService>(terminal, std::move(*own), ids, o);
    };
    auto service = makeService();
    if (!service)
        return service.error();

    const SimFault faults[] = {
        SimFault::None,          SimFault::None,
        SimFault::None,          SimFault::DropBeforeProcessing,
        SimFault::IgnoreRequest, SimFault::DropAfterApprove,
        SimFault::HalfResponse,  SimFault::HalfResponseStall,
        SimFault::Late,          SimFault::NoAnswer,
        SimFault::RestartDuring, SimFault::CrashAfterApprove,
        SimFault::Malformed,
    };
    const SimOutcome declines[] = {SimOutcome::Refusal, SimOutcome::WrongPin,
                                   SimOutcome::InvalidCard, SimOutcome::Cancel};

    auto complete = [&](const std::string& sale, int64_t amount, const Tender& tender) {
        auto done = (*journal)->completeSale(saleOf(sale, amount, {tender}));
        if (!done)
            spdlog::error("soak: sale {} not journaled: {}", sale, done.error().message);
        else
            ++report.approved;
    };
    auto waitFor = [&](PaymentService& s) -> std::optional<Event> {
        for (;;) {
            auto events = s.poll();
            if (!events.empty())
                return events.front();
            if (!s.busy()) {
                events = s.poll();
                return events.empty() ? std::nullopt : std::optional<Event>(events.front());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    };

    for (int i = 0; i < options.payments; ++i) {
        const std::string sale = fmt::format("soak-{}-{:05d}", options.seed, i);
        const int64_t amount = 100 + static_cast<int64_t>(rng() % 100000);
        const SimFault fault = faults[rng() % std::size(faults)];
        const SimOutcome outcome =
            chance(0.75) ? SimOutcome::Approve : declines[rng() % std::size(declines)];
        (*sim)->clearRules();
        (*sim)->pushRule(SimRule{outcome, fault, 400});
        (*sim)->pushRule(SimRule{outcome, SimFault::None, 0});
        ++report.faults[devices::sim::toString(fault)];
        *crashAt = std::nullopt;
        if (chance(0.1)) {
            ++report.kioskCrashes;
            const PaymentStep steps[] = {PaymentStep::IntentCommitted,
                                         PaymentStep::ResponseReceived,
                                         PaymentStep::OutcomeCommitted};
            *crashAt = steps[rng() % std::size(steps)];
        }
        const bool abortIt = chance(0.05);
        const auto abortAfter = std::chrono::milliseconds(rng() % 30);
        if (options.trace) {
            std::printf("%s amount %lld outcome %s fault %s crash %d abort %d\n", sale.c_str(),
                        static_cast<long long>(amount), devices::sim::toString(outcome),
                        devices::sim::toString(fault),
                        crashAt->has_value() ? static_cast<int>(**crashAt) : -1,
                        abortIt ? static_cast<int>(abortAfter.count()) : -1);
        }
        (*service)->start(StartPayment{sale, amount, currencyEur(), 1});
        if (abortIt) {
            ++report.aborts;
            std::this_thread::sleep_for(abortAfter);
            (*service)->abort(sale);
        }
        auto event = waitFor(**service);
        ++report.payments;
        if (!event) {
            // The coordinator stopped dead: the kiosk restarts and resolves what is pending.
            *crashAt = std::nullopt;
            service = makeService();
            if (!service)
                return service.error();
            auto resolution = (*service)->resolvePending();
            if (!resolution)
                return resolution.error();
            bool paid = false;
            for (const PendingResolution& r : resolution->intents) {
                if (r.kind != ResolutionKind::Approved)
                    continue;
                (*service)->start(StartPayment{r.saleUuid, r.amount, currencyEur(), 1});
                auto again = waitFor(**service);
                if (again && std::holds_alternative<PaymentApproved>(*again)) {
                    complete(r.saleUuid, r.amount, std::get<PaymentApproved>(*again).tender);
                    paid = paid || r.saleUuid == sale;
                }
            }
            if (!paid)
                ++report.cancelled;  // not charged: the shopper would pay again
            continue;
        }
        if (auto* ok = std::get_if<PaymentApproved>(&*event))
            complete(sale, amount, ok->tender);
        else if (std::holds_alternative<PaymentDeclined>(*event))
            ++report.declined;
        else if (std::holds_alternative<PaymentCancelled>(*event))
            ++report.cancelled;
        else
            ++report.failed;
        if (options.verbose && (i + 1) % 100 == 0)
            std::printf("%d payments...\n", i + 1);
    }
    service =
        Result<std::unique_ptr<PaymentService>>(makeError(ErrorCode::Internal, "soak finished"));

    // Both ledgers, sale by sale.
    std::map<std::string, int> charges;
    for (const auto& e : (*sim)->ledger()) {
        if (e.event == "approved") {
            ++charges[e.transactionId];
            ++report.ledgerCharges;
        }
    }
    for (int i = 0; i < options.payments; ++i) {
        const std::string sale = fmt::format("soak-{}-{:05d}", options.seed, i);
        auto journaled = (*journal)->saleByUuid(sale);
        if (!journaled)
            return journaled.error();
        const int charged = charges.count(sale) ? charges[sale] : 0;
        const int sold = *journaled ? 1 : 0;
        if (charged > 1)
            ++report.doubleCharges;
        if (charged != sold) {
            ++report.mismatches;
            if (report.firstMismatch.empty())
                report.firstMismatch = fmt::format("{}: {} charges, {} sales", sale, charged, sold);
        }
    }
    auto unresolved = (*journal)->unresolvedPaymentIntents("SOAK1");
    if (!unresolved)
        return unresolved.error();
    report.unresolved = static_cast<int>(unresolved->size());
    const auto counts = (*sim)->counts();
    report.terminalPaymentRequests = counts.payments;
    report.statusQueries = counts.statusQueries;
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

std::string formatSoakReport(const SoakReport& r) {
    std::string faults;
    for (const auto& [name, n] : r.faults)
        faults += fmt::format(" {}={}", name, n);
    return fmt::format(
        "payments {}  journaled sales {}  declined {}  cancelled/not charged {}  failed {}\n"
        "kiosk crashes {}  aborts {}  terminal payment requests {}  status queries {}\n"
        "faults:{}\n"
        "ledger charges {}  mismatches {}  double charges {}  unresolved intents {}\n"
        "{:.1f} s{}{}\n",
        r.payments, r.approved, r.declined, r.cancelled, r.failed, r.kioskCrashes, r.aborts,
        r.terminalPaymentRequests, r.statusQueries, faults, r.ledgerCharges, r.mismatches,
        r.doubleCharges, r.unresolved, r.seconds,
        r.firstMismatch.empty() ? "" : "\nfirst mismatch: ", r.firstMismatch);
}

}  // namespace kiosk::payment

namespace kiosk::payment {

Result<StatusLatency> measureStatusLatency(const std::string& directory, int runs) {
    devices::sim::SimOptions simOptions;
    simOptions.tapDelayMs = 10;
    auto sim = devices::sim::TerminalSimulator::start(simOptions);
    if (!sim)
        return sim.error();
    auto url = devices::parseDeviceUrl((*sim)->url());
    if (!url)
        return url.error();
    auto transport = devices::makeHttpTransport(*url, {});
    if (!transport)
        return transport.error();
    devices::NexoTerminal terminal(std::move(*transport), {"LAT1", "kasir-sim"});
    auto own = storage::Store::open(directory + "/latency.db");
    if (!own)
        return own.error();
    PaymentOptions o;  // the kiosk's defaults: 120 s payment timeout, first status at 0.5 s
    PaymentService service(terminal, std::move(*own), PaymentIds{"LAT", "LAT1", "L"}, o);
    std::mutex mu;
    std::chrono::steady_clock::time_point dropped;
    std::vector<double> samples;
    bool waiting = false;
    (*sim)->onEvent([&](const devices::sim::SimEvent& e) {
        std::lock_guard lock(mu);
        if (e.kind == devices::sim::SimEventKind::Decided) {
            dropped = std::chrono::steady_clock::now();
            waiting = true;
        } else if (e.kind == devices::sim::SimEventKind::StatusQuery && waiting) {
            waiting = false;
            samples.push_back(std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - dropped)
                                  .count());
        }
    });
    for (int i = 0; i < runs; ++i) {
        (*sim)->clearRules();
        (*sim)->pushRule(SimRule{SimOutcome::Approve, SimFault::DropAfterApprove, 0});
        service.start(StartPayment{fmt::format("lat-{}", i), 1000 + i, currencyEur(), 1});
        for (;;) {
            if (!service.poll().empty())
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    (*sim)->onEvent(nullptr);
    StatusLatency r;
    std::lock_guard lock(mu);
    if (samples.empty())
        return makeError(ErrorCode::Internal, "no status query was seen");
    std::sort(samples.begin(), samples.end());
    r.runs = static_cast<int>(samples.size());
    r.minMs = samples.front();
    r.medianMs = samples[samples.size() / 2];
    r.maxMs = samples.back();
    return r;
}

}  // namespace kiosk::payment
