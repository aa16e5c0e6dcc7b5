#include "devices/payment/nexo_terminal.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "devices/payment/nexo_messages.hpp"

namespace kiosk::devices {
namespace {

Timestamp nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

const char* toString(OutcomeKind kind) {
    switch (kind) {
        case OutcomeKind::Approved:
            return "approved";
        case OutcomeKind::Declined:
            return "declined";
        case OutcomeKind::Cancelled:
            return "cancelled";
        case OutcomeKind::Busy:
            return "busy";
        case OutcomeKind::Unavailable:
            return "unavailable";
        case OutcomeKind::InProgress:
            return "in progress";
        case OutcomeKind::NotFound:
            return "not found";
        case OutcomeKind::Unknown:
            return "unknown";
    }
    return "unknown";
}

NexoTerminal::NexoTerminal(std::unique_ptr<NexoTransport> transport, TerminalIds ids)
    : transport_(std::move(transport)), ids_(std::move(ids)) {
    health_.device = "terminal";
    health_.address = transport_->address();
    health_.state = DeviceState::Connecting;
    health_.since = nowMs();
}

DeviceHealth NexoTerminal::health() const {
    std::lock_guard lock(mutex_);
    return health_;
}

void NexoTerminal::noteReply(TransportStatus status, const std::string& detail) {
    std::lock_guard lock(mutex_);
    const DeviceState next =
        status == TransportStatus::NotSent ? DeviceState::Disconnected : DeviceState::Ready;
    if (status != TransportStatus::Ok) {
        health_.lastError = detail;
        health_.lastErrorAt = nowMs();
    }
    if (next != health_.state) {
        if (health_.state == DeviceState::Disconnected)
            ++health_.reconnects;
        health_.state = next;
        health_.since = nowMs();
    }
}

TerminalOutcome NexoTerminal::exchange(const std::string& what, const std::string& request,
                                       const std::string& serviceId, Millis timeout, int exponent) {
    TransportReply reply = transport_->post(request, timeout);
    noteReply(reply.status, reply.detail);
    TerminalOutcome outcome;
    outcome.serviceId = serviceId;
    switch (reply.status) {
        case TransportStatus::NotSent:
            outcome.kind = OutcomeKind::Unavailable;
            outcome.notSent = true;
            outcome.declineReason = DeclineReason::TerminalUnavailable;
            outcome.detail = "the terminal could not be reached (" + reply.detail + ")";
            return outcome;
        case TransportStatus::Lost:
            outcome.kind = OutcomeKind::Unknown;
            outcome.detail = "the link to the terminal dropped (" + reply.detail + ")";
            return outcome;
        case TransportStatus::TimedOut:
            outcome.kind = OutcomeKind::Unknown;
            outcome.detail = "no answer from the terminal within the timeout";
            return outcome;
        case TransportStatus::Ok:
            break;
    }
    auto parsed = nexo::parseOutcome(reply.body, exponent);
    if (!parsed) {
        spdlog::warn("terminal: unreadable answer to {} {}: {}", what, serviceId,
                     parsed.error().message);
        outcome.kind = OutcomeKind::Unknown;
        outcome.detail = "unreadable answer from the terminal: " + parsed.error().message;
        return outcome;
    }
    // An answer about another request is no answer about ours.
    if (!parsed->serviceId.empty() && parsed->serviceId != serviceId) {
        outcome.kind = OutcomeKind::Unknown;
        outcome.detail = "the terminal answered about ServiceID " + parsed->serviceId;
        return outcome;
    }
    parsed->serviceId = serviceId;
    return std::move(*parsed);
}

TerminalOutcome NexoTerminal::pay(const PaymentRequestData& request, Millis timeout) {
    return exchange("payment", nexo::paymentRequest(ids_, request), request.serviceId, timeout,
                    request.currency.exponent);
}

Result<void> NexoTerminal::abort(const std::string& abortServiceId,
                                 const std::string& paymentServiceId) {
    TransportReply reply =
        transport_->post(nexo::abortRequest(ids_, abortServiceId, paymentServiceId), 10'000);
    noteReply(reply.status, reply.detail);
    if (reply.status != TransportStatus::Ok)
        return makeError(ErrorCode::Io, "abort not delivered: " + reply.detail);
    return {};
}

TerminalOutcome NexoTerminal::transactionStatus(const std::string& statusServiceId,
                                                const std::string& paymentServiceId,
                                                const Currency& currency, Millis timeout) {
    TerminalOutcome outcome =
        exchange("status", nexo::transactionStatusRequest(ids_, statusServiceId, paymentServiceId),
                 paymentServiceId, timeout, currency.exponent);
    // A status query that did not get through says nothing about the payment.
    if (outcome.kind == OutcomeKind::Unavailable && outcome.notSent) {
        outcome.kind = OutcomeKind::Unknown;
        outcome.notSent = false;
    }
    return outcome;
}

TerminalOutcome NexoTerminal::reversal(const ReversalRequestData& request, Millis timeout) {
    return exchange("reversal", nexo::reversalRequest(ids_, request), request.serviceId, timeout,
                    request.currency.exponent);
}

}  // namespace kiosk::devices
