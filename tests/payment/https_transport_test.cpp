// The https transport verifies the terminal's certificate: a terminal whose certificate is not
// signed by a trusted root is refused before anything is sent, the configured CA file makes
// it trusted, and switching verification off (lab only) connects. The certificate is made
// here with OpenSSL for 127.0.0.1.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "payment_fixtures.hpp"

namespace {

using namespace kiosk;
using namespace kiosk::payment::testing;

bool makeCertificate(const std::string& certPath, const std::string& keyPath) {
    EVP_PKEY* key = EVP_RSA_gen(2048);
    if (!key)
        return false;
    X509* cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert, key, EVP_sha256());
    FILE* c = std::fopen(certPath.c_str(), "w");
    FILE* k = std::fopen(keyPath.c_str(), "w");
    const bool ok = c && k && PEM_write_X509(c, cert) &&
                    PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
    if (c)
        std::fclose(c);
    if (k)
        std::fclose(k);
    X509_free(cert);
    EVP_PKEY_free(key);
    return ok;
}

TEST(HttpsTransport, VerifiesTheTerminalsCertificate) {
    TempDir dir;
    const std::string cert = dir.file("terminal.pem");
    const std::string key = dir.file("terminal.key");
    ASSERT_TRUE(makeCertificate(cert, key));
    httplib::SSLServer server(cert.c_str(), key.c_str());
    ASSERT_TRUE(server.is_valid());
    int requests = 0;
    server.Post("/nexo", [&](const httplib::Request&, httplib::Response& res) {
        ++requests;
        res.set_content("{}", "application/json");
    });
    const int port = server.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port, 0);
    std::thread serving([&] { server.listen_after_bind(); });
    const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/nexo";
    auto parsed = devices::parseDeviceUrl(url);
    ASSERT_TRUE(parsed);

    devices::HttpTransportOptions untrusted;  // system roots only
    auto refused = (*devices::makeHttpTransport(*parsed, untrusted))->post("{}", 5000);
    EXPECT_EQ(refused.status, devices::TransportStatus::NotSent) << refused.detail;
    EXPECT_EQ(requests, 0);

    devices::HttpTransportOptions trusted;
    trusted.caFile = cert;
    auto ok = (*devices::makeHttpTransport(*parsed, trusted))->post("{}", 5000);
    EXPECT_EQ(ok.status, devices::TransportStatus::Ok) << ok.detail;
    EXPECT_EQ(requests, 1);

    devices::HttpTransportOptions lab;
    lab.verifyCertificate = false;
    auto unverified = (*devices::makeHttpTransport(*parsed, lab))->post("{}", 5000);
    EXPECT_EQ(unverified.status, devices::TransportStatus::Ok) << unverified.detail;

    server.stop();
    serving.join();
}

}  // namespace
