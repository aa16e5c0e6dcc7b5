// The HTTP(S) transport, on cpp-httplib. The only file that includes httplib.h on the kiosk
// side (it is large and slow to compile).
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#include <httplib.h>

#include <spdlog/spdlog.h>

#include "devices/payment/nexo_transport.hpp"

namespace kiosk::devices {
namespace {

class HttpTransport final : public NexoTransport {
  public:
    HttpTransport(DeviceUrl url, HttpTransportOptions options)
        : url_(std::move(url)), options_(std::move(options)) {}

    TransportReply post(const std::string& body, Millis timeout) override {
        const std::string path = url_.path.empty() ? "/" : url_.path;
        if (url_.scheme == "https") {
            httplib::SSLClient client(url_.host, url_.port == 0 ? 443 : url_.port);
            client.enable_server_certificate_verification(options_.verifyCertificate);
            if (!options_.caFile.empty())
                client.set_ca_cert_path(options_.caFile);
            return exchange(client, path, body, timeout);
        }
        httplib::Client client(url_.host, url_.port == 0 ? 80 : url_.port);
        return exchange(client, path, body, timeout);
    }

    std::string address() const override { return url_.text; }

  private:
    template <typename Client>
    TransportReply exchange(Client& client, const std::string& path, const std::string& body,
                            Millis timeout) {
        client.set_connection_timeout(std::chrono::milliseconds(options_.connectTimeout));
        client.set_read_timeout(std::chrono::milliseconds(timeout));
        client.set_write_timeout(std::chrono::milliseconds(options_.connectTimeout));
        client.set_keep_alive(false);
        const auto started = std::chrono::steady_clock::now();
        auto res = client.Post(path, body, "application/json");
        TransportReply reply;
        if (res) {
            reply.httpStatus = res->status;
            if (res->status >= 200 && res->status < 300) {
                reply.status = TransportStatus::Ok;
                reply.body = res->body;
            } else {
                // The terminal's web server answered but not with a message: whether the
                // request was acted on is unknown.
                reply.status = TransportStatus::Lost;
                reply.detail = "HTTP status " + std::to_string(res->status);
            }
            return reply;
        }
        const httplib::Error error = res.error();
        reply.detail = httplib::to_string(error);
        switch (error) {
            case httplib::Error::Connection:
            case httplib::Error::ConnectionTimeout:
            case httplib::Error::BindIPAddress:
            case httplib::Error::SSLConnection:
            case httplib::Error::SSLLoadingCerts:
            case httplib::Error::SSLServerVerification:
                // Nothing of the request left the kiosk.
                reply.status = TransportStatus::NotSent;
                break;
            default: {
                const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - started)
                                        .count();
                reply.status = (error == httplib::Error::Read && waited + 50 >= timeout)
                                   ? TransportStatus::TimedOut
                                   : TransportStatus::Lost;
                break;
            }
        }
        return reply;
    }

    DeviceUrl url_;
    HttpTransportOptions options_;
};

}  // namespace

Result<std::unique_ptr<NexoTransport>> makeHttpTransport(const DeviceUrl& url,
                                                         const HttpTransportOptions& options) {
    if (url.scheme != "http" && url.scheme != "https") {
        return makeError(ErrorCode::InvalidArgument,
                         "terminal address \"" + url.text + "\": expected http:// or https://");
    }
    if (url.host.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "terminal address \"" + url.text + "\": no host");
    return std::unique_ptr<NexoTransport>(std::make_unique<HttpTransport>(url, options));
}

}  // namespace kiosk::devices
