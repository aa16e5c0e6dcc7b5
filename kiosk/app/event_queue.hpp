// The thread-safe queue between worker threads (storage, devices) and the UI thread. Workers
// post checkout events; the UI thread drains them between frames. Posting wakes the loop.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "kiosk/core/checkout_machine.hpp"
#include "kiosk/staff/staff_service.hpp"

namespace kiosk::app {

// Something the app itself must know that is not a checkout event.
struct AppNotice {
    enum class Kind {
        CatalogueLoaded,       // the look-up grid is ready (see Executor::takeGrid)
        SaveFailed,            // the open cart could not be written (text: why)
        SaveRecovered,         // a later save worked again
        PrintFailed,           // the receipt printer failed (text: why)
        DigitalReceiptReady,   // the digital receipt file is written (text: URL, path: file)
        DigitalReceiptFailed,  // it could not be written (text: why)
        StaffSignIn,           // StaffService answered a sign-in (signIn, permissions, onShift)
        StaffAuthorized,       // authorize answered for `event` (allowed; text: error if any)
        ShiftChanged,          // clock in/out done (onShift; text: error if any)
        SlipFailed,   // the suspend slip did not print (text: why; event: the DeviceFault to raise)
        SlipPrinted,  // the suspend slip came out
    };
    AppNotice() = default;
    AppNotice(Kind k, std::string t, std::string p = {})
        : kind(k), text(std::move(t)), path(std::move(p)) {}
    Kind kind = Kind::CatalogueLoaded;
    std::string text;
    std::string path;
    // Staff work done on the storage thread (Argon2id is slow: never on the UI thread).
    std::optional<staff::SignInResult> signIn;
    PermissionTable permissions;
    bool onShift = false;
    std::optional<Event> event;  // StaffAuthorized: the attendant event it is about
    bool allowed = false;
};

using Posted = std::variant<Event, AppNotice>;

// SuspendFailed's message when storage refused the code as taken: the app draws another.
inline constexpr std::string_view kSuspendCodeTaken = "code taken";

class EventQueue {
  public:
    explicit EventQueue(std::function<void()> wake = {}) : wake_(std::move(wake)) {}
    void setWake(std::function<void()> wake) {
        std::lock_guard lock(mutex_);
        wake_ = std::move(wake);
    }
    void post(Posted item) {
        std::function<void()> wake;
        {
            std::lock_guard lock(mutex_);
            items_.push_back(std::move(item));
            wake = wake_;
        }
        if (wake)
            wake();
    }
    std::vector<Posted> drain() {
        std::lock_guard lock(mutex_);
        std::vector<Posted> out(std::make_move_iterator(items_.begin()),
                                std::make_move_iterator(items_.end()));
        items_.clear();
        return out;
    }
    bool empty() const {
        std::lock_guard lock(mutex_);
        return items_.empty();
    }

  private:
    mutable std::mutex mutex_;
    std::deque<Posted> items_;
    std::function<void()> wake_;
};

}  // namespace kiosk::app
