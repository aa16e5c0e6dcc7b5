// What the screens draw (a snapshot: the machine's state plus what the app knows about the
// kiosk) and what they give back (intents). Screens keep no state of their own.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/core/checkout_machine.hpp"
#include "kiosk/core/money.hpp"
#include "kiosk/core/product.hpp"

namespace kiosk::ui {

// The screen being shown: the script's `wait-for` and `expect screen` use these names.
enum class Screen {
    Attract,
    Shopping,
    Lookup,
    Review,
    Paying,
    Declined,
    Completing,
    Receipt,
    ThankYou,
    StillThere,
    HelpComing,
    Pin,
    Attendant,
};
std::string_view screenName(Screen screen);

// UI-local state owned by the app (not the machine's business): overlays, typed text.
struct UiState {
    bool lookupOpen = false;
    std::string search;    // the look-up grid's search text
    std::string category;  // empty: all
    enum class Staff { Closed, Pin, Panel } staff = Staff::Closed;
    std::string pin;  // digits typed so far (shown as dots)
    bool pinWrong = false;
    std::string staffId;                         // who is signed in on the attendant panel
    int64_t selectedLine = 0;                    // attendant: line for void / override
    bool overridePrice = false;                  // attendant: the price keypad is open
    std::string priceEntry;                      // digits of the new price, in major units
    std::optional<ReceiptChoice> receiptChoice;  // what the shopper chose, for the thank-you
    bool highContrast = false;
};

struct Outline {
    std::array<float, 8> corners{};  // x0 y0 .. x3 y3, in preview image coordinates
};

struct CameraView {
    void* texture = nullptr;  // ImTextureID of the latest preview frame; null: no camera
    int width = 0;
    int height = 0;
    std::vector<Outline> outlines;  // codes seen in the latest frame
    std::string status;             // plain words when there is no picture
};

// One device on the attendant panel (plain strings: the UI does not know the drivers).
struct DeviceLine {
    std::string name;   // "terminal", "printer", "scale", "camera", "hand_scanner"
    std::string state;  // devices::DeviceState name: "ready", "fault", "disconnected", ...
    std::string lastError;
    std::string paper;               // "ok", "near-end", "out"; empty: not a printer / unknown
    std::optional<bool> drawerOpen;  // printer only, once its status was read
};

// One tile of the look-up grid.
struct GridItem {
    Product product;
    std::string id;     // widget id suffix: PLU, else product id
    std::string group;  // the grid's category ("produce", "deli", "bakery")
};

struct View {
    const CheckoutState* state = nullptr;
    Screen screen = Screen::Attract;
    std::string storeName;
    Currency currency;
    std::vector<std::string> languages;           // offered on the Attract screen
    bool payAllowed = false;                      // the machine's dry run of PayPressed
    std::string payBlockedBy;                     // lock names when Pay is refused for a lock
    std::vector<std::string> categories;          // of the look-up grid
    const std::vector<GridItem>* grid = nullptr;  // all look-up items (filtered when drawn)
    CameraView camera;
    UiState ui;
    Timestamp now = 0;
    std::string digitalReceiptUrl;       // for the QR code, once the shopper chose digital
    bool digitalReceiptPending = false;  // being written: "Preparing your receipt..."
    bool printFailed = false;            // the paper did not come out: offer the QR code
    std::string fatalError;              // a failed frame or a failed save: "help is coming"
    std::vector<DeviceLine> devices;     // for the attendant panel
    std::string scaleAdvice;             // ScalePort::advice() while a weight is awaited
    std::string handScanner;             // its health for the attendant; empty: none configured
    std::string paymentStageId;          // the payment's live stage, a .po id; empty: none
    std::string declineTextId;           // the decline in plain words, a .po id; empty: none
};

// UI-local actions (the machine never sees them).
struct UiAction {
    enum class Kind {
        OpenLookup,
        CloseLookup,
        SearchKey,  // text: one character, "\b" deletes
        SetCategory,
        OpenStaff,  // the hidden corner
        PinKey,     // text: a digit, "\b", or "\n" (enter)
        CloseStaff,
        SelectLine,  // number: line id
        OpenOverride,
        PriceKey,  // text: a digit or "\b"
        CancelOverride,
        ConfirmOverride,  // text: the reason
        ToggleContrast,
        OpenDrawer,  // attendant: kick the cash drawer through the printer
    };
    Kind kind = Kind::OpenLookup;
    std::string text;
    int64_t number = 0;
};

// What a frame asks for, carried out after drawing (never during it). Machine events that may
// open a transaction get their sale uuid from the app; attendant events get the staff id.
struct Intents {
    std::vector<Event> events;
    std::vector<UiAction> actions;
    bool any() const { return !events.empty() || !actions.empty(); }
};

}  // namespace kiosk::ui
