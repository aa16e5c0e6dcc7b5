// The journal's check value: SHA-256 over the previous sale's hash and this sale's canonical
// text, so changing, inserting or removing any journaled sale breaks every later link.
#include "kiosk/storage/audit_chain.hpp"
#include "kiosk/storage/store.hpp"

namespace kiosk::storage {

std::string saleHash(const std::string& prevHash, const SaleRecord& sale) {
    std::string text = prevHash;
    text += '\n';
    text += canonicalSaleText(sale);
    return sha256Hex(text);
}

}  // namespace kiosk::storage
