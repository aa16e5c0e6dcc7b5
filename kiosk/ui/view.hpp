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
    StaffSignIn,  // the staff number keypad (or scan a badge)
    Pin,          // the PIN keypad
    Attendant,
};
std::string_view screenName(Screen screen);

// What the attendant panel is asking for right now.
enum class PanelMode {
    Main,
    VoidReason,     // a reason for voiding `selectedLine`
    OverridePrice,  // keypad (new price), then a reason
    Discount,       // keypad (percent), then a reason
    CancelReason,   // a reason for cancelling the transaction
    ResumeCode,     // keypad: the 8 digits of a suspended transaction
};

// UI-local state owned by the app (not the machine's business): overlays, typed text.
struct UiState {
    bool lookupOpen = false;
    std::string search;    // the look-up grid's search text
    std::string category;  // empty: all
    enum class Staff { Closed, StaffNumber, Pin, Panel } staff = Staff::Closed;
    std::string staffEntry;   // the staff number typed so far
    std::string pin;          // digits typed so far (shown as dots)
    bool signInBusy = false;  // the service is checking (Argon2id): keys wait
    // Why the last sign-in failed, in words for the attendant (translated when drawn); empty:
    // none. `triesLeft` > 0 adds "N tries left"; `lockedUntil` is "HH:MM" local.
    std::string signInProblem;
    int triesLeft = 0;
    std::string lockedUntil;
    // The signed-in staff member (Panel); never the PIN.
    std::string staffId;
    std::string staffName;
    Role role = Role::Attendant;
    PermissionTable permissions;  // the store's table as read at sign-in / the last check
    bool onShift = false;         // clocked in
    std::string staffNotice;      // "Needs a supervisor", a failed clock-in, ...
    LockKind selectedLock = LockKind::HelpRequested;
    bool lockSelected = false;  // false: the oldest lock
    PanelMode panel = PanelMode::Main;
    int64_t selectedLine = 0;  // attendant: line for void / override / discount
    std::string entry;         // keypad digits: price (major units), percent or code
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
    AgePolicy agePolicy;                 // for the age check's required age and challenge
    ReasonCodes reasons;                 // the pickers on the attendant panel
    int utcOffsetMinutes = 0;            // local clock for "Locked until HH:MM"
    std::string slipProblem;             // the suspend slip did not print
    bool slipPrinted = false;            // the suspend slip came out: "Take your slip"
};

// UI-local actions (the machine never sees them).
struct UiAction {
    enum class Kind {
        OpenLookup,
        CloseLookup,
        SearchKey,  // text: one character, "\b" deletes
        SetCategory,
        OpenStaff,  // the hidden corner
        StaffKey,   // text: a digit, "\b", or "\n" (enter) on the staff number or PIN keypad
        CloseStaff,
        SignOut,
        SelectLock,  // number: LockKind
        SelectLine,  // number: line id
        OpenPanel,   // number: PanelMode (with the selected line)
        EntryKey,    // text: a digit or "\b" (price, percent, code keypads)
        ClosePanel,  // back to the main panel
        Reason,      // text: the reason code that confirms the open panel's action
        ConfirmResume,
        Suspend,
        ToggleShift,
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
