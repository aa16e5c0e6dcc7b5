// The nexo message layer reads whatever a terminal (or a man in the middle on a plain-http
// lab link) sends: it must answer every input with an outcome or an error, never crash, and
// never let a 13+ digit Luhn-valid run through into the fields kasir keeps.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "devices/payment/nexo_messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    (void)kiosk::devices::nexo::parseMessage(text);
    auto outcome = kiosk::devices::nexo::parseOutcome(text, 2);
    if (outcome) {
        const auto& a = outcome->approval;
        for (const std::string* field : {&a.maskedPan}) {
            int digits = 0;
            for (char c : *field)
                digits += (c >= '0' && c <= '9');
            if (digits > 10)
                std::abort();  // more than first 6 + last 4
        }
    }
    (void)kiosk::devices::nexo::scrubCardNumbers(text);
    return 0;
}
