// `kasir-admin demo`: one scripted self-checkout on the demo store, driven through the real
// checkout machine and storage, with the scanner, scale and card terminal played by the script.
#pragma once

#include "kiosk/admin/commands.hpp"

namespace kiosk::admin {

// Builds the demo store when its database is missing, runs the checkout (scans with two
// promotions, a weighed item, an age-restricted item approved by an attendant, a card payment),
// prints the receipt as the journal keeps it, verifies the journal and lists what to try next.
// Each run adds one sale with the next receipt number.
int runDemo(Context& context);

}  // namespace kiosk::admin
