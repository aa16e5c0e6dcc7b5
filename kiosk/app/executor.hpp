// Carries out the checkout machine's commands: storage work on the store's own thread, device
// work through the ports, and every result (and every failure) back as an event in the queue.
// A failed save or sale never crashes the kiosk and never loses the cart: it becomes an
// attendant intervention while the cart stays in memory.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "kiosk/app/event_queue.hpp"
#include "kiosk/app/ports.hpp"
#include "kiosk/app/worker.hpp"
#include "kiosk/core/checkout_machine.hpp"
#include "kiosk/core/gs1.hpp"
#include "kiosk/staff/staff_service.hpp"
#include "kiosk/storage/store.hpp"
#include "kiosk/ui/view.hpp"

namespace kiosk::app {

struct ExecutorSetup {
    std::string kioskId;
    ReceiptContext receipt;
    VariableMeasureRules scanRules;
    staff::StaffServiceOptions staff;  // kioskId is filled from `kioskId`
};

// What the UI shows about commands it cannot see in the machine's state.
struct ExecutorStatus {
    std::vector<std::string> alerts;  // active attendant alerts, "Kind: reason"
    std::string lastSound;            // "Good", "Error", "Attention", "" = none yet
    int sounds = 0;
    // The digital receipt of the sale on screen: written on the device thread, so the screen
    // shows "Preparing your receipt..." until the URL is known.
    std::string digitalReceiptUrl;
    std::string digitalReceiptPath;  // the HTML file the URL names
    bool digitalReceiptPending = false;
    bool printFailed = false;  // the paper did not come out: the digital receipt is offered
    std::string saveProblem;   // the newest failed save, "" when the last save worked
    int audits = 0;
    std::string slipProblem;  // why the suspend slip did not print, "" when it did
    // The latest suspend slip: "none" (no suspend yet), "printing", "printed", "failed".
    std::string slip = "none";
};

class Executor {
  public:
    Executor(std::unique_ptr<storage::Store> store, ExecutorSetup setup, EventQueue& queue,
             PaymentPort& payment, PrinterPort& printer, ScalePort& scale);
    ~Executor();

    // UI thread: one command; returns at once (work happens on the workers).
    void execute(const Command& command);
    // The look-up grid, loaded once from the store in the background (CatalogueLoaded).
    void loadGrid();
    std::vector<ui::GridItem> takeGrid();
    // At start-up, before the first shopper: the persisted open cart, if any.
    Result<std::optional<storage::OpenCart>> loadOpenCart();
    // Waits for every queued storage job (exit: the last cart save must land).
    void flush();

    const ExecutorStatus& status() const { return status_; }
    // UI thread, from the AppNotices the device thread posts.
    void digitalReceiptDone(std::string url, std::string path);  // empty: not written
    void printFailed() { status_.printFailed = true; }
    // The suspend slip's outcome (from SlipPrinted / SlipFailed): `problem` empty = printed.
    void slipDone(std::string problem) {
        status_.slip = problem.empty() ? "printed" : "failed";
        status_.slipProblem = std::move(problem);
    }
    void playSound(Sound sound);  // also called by the app for its own cues
    // Attendant: kicks the cash drawer through the printer on the device thread, audited.
    void openDrawer(const std::string& staffId, Timestamp at);

    // Staff, on the storage thread (Argon2id takes ~0.1 s: never on the UI thread). Each
    // answers with an AppNotice in the queue (StaffSignIn, StaffAuthorized, ShiftChanged).
    void signInWithPin(std::string staffId, std::string pin, Timestamp now);
    void signInWithBadge(std::string scanned, Timestamp now);
    void signOut(staff::Session session, std::string why, Timestamp now);
    // The authoritative permission check for an attendant event (audited when refused).
    void authorize(staff::Session session, Event event, StaffAction action, Timestamp now);
    // The same for an action that is not a machine event (the drawer): the notice names it in
    // `path` (actionName) and carries no event.
    void authorizeAction(staff::Session session, StaffAction action, Timestamp now);
    void clockInOut(std::string staffId, bool in, Timestamp now);
    // At start-up: interventions this kiosk left open (a crash, a power cut) are closed by
    // "system" as "kiosk-restarted". Waits for the storage thread.
    void closeStaleInterventions(Timestamp now);

    // Sound output: set by the app once SDL audio is up (may stay empty).
    std::function<void(Sound)> soundSink;

  private:
    void lookUp(const LookUpProduct& c);
    void authorizeWith(staff::Session session, std::optional<Event> event, StaffAction action,
                       Timestamp now);

    std::unique_ptr<storage::Store> store_;
    ExecutorSetup setup_;
    std::unique_ptr<staff::StaffService> staff_;  // used on db_ only
    EventQueue& queue_;
    PaymentPort& payment_;
    PrinterPort& printer_;
    ScalePort& scale_;
    ExecutorStatus status_;
    std::mutex gridMutex_;
    std::vector<ui::GridItem> grid_;
    Worker db_;       // owns every use of store_
    Worker devices_;  // blocking device calls (printer)
};

}  // namespace kiosk::app
