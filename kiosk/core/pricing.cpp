// Placeholder until pricing lands in this change.
#include "kiosk/core/pricing.hpp"
