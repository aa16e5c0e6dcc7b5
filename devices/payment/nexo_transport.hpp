// How nexo text travels to the terminal and back, kept apart from the messages so that the
// encrypted local form (Adyen: AES + HMAC inside HTTPS) can be another transport later.
#pragma once

#include <memory>
#include <string>

#include "devices/common/device_url.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk::devices {

enum class TransportStatus {
    Ok,        // an answer came back (its text in `body`)
    NotSent,   // the terminal could not be reached: the request certainly did not arrive
    Lost,      // the link dropped after (part of) the request left: it may have arrived
    TimedOut,  // no answer within the timeout on an open connection
};

struct TransportReply {
    TransportStatus status = TransportStatus::Lost;
    int httpStatus = 0;
    std::string body;
    std::string detail;  // for the log, when not Ok
};

class NexoTransport {
  public:
    virtual ~NexoTransport() = default;
    // One request, one answer. Thread-safe: an abort is posted while a payment waits.
    virtual TransportReply post(const std::string& body, Millis timeout) = 0;
    virtual std::string address() const = 0;
};

struct HttpTransportOptions {
    Millis connectTimeout = 3'000;
    std::string caFile;             // https: trust only these roots (PEM); empty: system roots
    bool verifyCertificate = true;  // https
};

// http:// and https:// (certificate verified unless switched off). A new connection per
// request, so a dropped link is seen by that request alone.
Result<std::unique_ptr<NexoTransport>> makeHttpTransport(const DeviceUrl& url,
                                                         const HttpTransportOptions& options);

}  // namespace kiosk::devices
