// Screen selection, the fullscreen window and the parts every screen shares.
#include <algorithm>
#include <string>

#include "kiosk/ui/screens.hpp"

namespace kiosk::ui {

std::string_view screenName(Screen screen) {
    switch (screen) {
        case Screen::Attract:
            return "Attract";
        case Screen::Shopping:
            return "Shopping";
        case Screen::Lookup:
            return "Lookup";
        case Screen::Review:
            return "Review";
        case Screen::Paying:
            return "Paying";
        case Screen::Declined:
            return "Declined";
        case Screen::Completing:
            return "Completing";
        case Screen::Receipt:
            return "Receipt";
        case Screen::ThankYou:
            return "ThankYou";
        case Screen::StillThere:
            return "StillThere";
        case Screen::HelpComing:
            return "HelpComing";
        case Screen::StaffSignIn:
            return "StaffSignIn";
        case Screen::Pin:
            return "Pin";
        case Screen::Attendant:
            return "Attendant";
    }
    return "Unknown";
}

Screen chooseScreen(const CheckoutState& state, const UiState& ui, bool fatalError) {
    if (ui.staff == UiState::Staff::StaffNumber)
        return Screen::StaffSignIn;
    if (ui.staff == UiState::Staff::Pin)
        return Screen::Pin;
    if (ui.staff == UiState::Staff::Panel)
        return Screen::Attendant;
    if (fatalError)
        return Screen::HelpComing;
    switch (state.phase) {
        case Phase::Attract:
            return Screen::Attract;
        case Phase::Shopping:
            if (state.inactivity.warning)
                return Screen::StillThere;
            return ui.lookupOpen ? Screen::Lookup : Screen::Shopping;
        case Phase::Review:
            return state.inactivity.warning ? Screen::StillThere : Screen::Review;
        case Phase::Paying:
            switch (state.payment.status) {
                case PaymentStatus::Declined:
                    return state.inactivity.warning ? Screen::StillThere : Screen::Declined;
                case PaymentStatus::Completing:
                    return state.payment.commitFailed ? Screen::HelpComing : Screen::Completing;
                default:
                    return Screen::Paying;
            }
        case Phase::Receipt:
            return Screen::Receipt;
        case Phase::Finished:
            return Screen::ThankYou;
    }
    return Screen::Attract;
}

float drawTopBar(Frame& f, const std::string& title, bool withHelp) {
    const Theme& th = f.theme;
    const float h = th.touch + 2 * th.gap;
    // The hidden attendant corner: no visible cue, by design (staff know where it is).
    if (f.hotspot("attendant", "", ImVec2(0, 0), ImVec2(h, h)))
        f.action(UiAction::Kind::OpenStaff);
    ImGui::SetCursorScreenPos(ImVec2(th.gap * 2, (h - th.fontTitle->FontSize) * 0.5f));
    const float helpW = withHelp ? std::max(th.touch * 2.0f, 260 * th.scale) : 0;
    f.textCentered(th.fontTitle, th.colors.text, title, th.width - 4 * th.gap - helpW - th.gap);
    if (withHelp) {
        ImGui::SetCursorScreenPos(ImVec2(th.width - th.gap - helpW, th.gap));
        if (f.button("help", f.t("Help"), ImVec2(helpW, th.touch), ButtonKind::Help,
                     !hasLock(f.state(), LockKind::HelpRequested)))
            f.event(HelpPressed{});
    }
    ImGui::GetWindowDrawList()->AddLine(ImVec2(0, h), ImVec2(th.width, h), th.colors.panelBorder,
                                        std::max(1.0f, 2 * th.scale));
    return h;
}

void drawLockBanner(Frame& f, ImVec2 pos, float width) {
    const CheckoutState& s = f.state();
    std::string text;
    if (hasLock(s, LockKind::AgeCheckPending))
        text =
            f.t("An attendant will check your age. You can keep scanning; pay when they have "
                "approved.");
    else if (hasLock(s, LockKind::UnknownItem))
        text = f.t("This item was not found. Please wait, help is coming.");
    else if (hasLock(s, LockKind::PriceCheck))
        text = f.t("Please wait, help is coming: a price needs checking.");
    else if (hasLock(s, LockKind::PaymentProblem))
        text = f.t("Please wait, help is coming: the payment needs a member of staff.");
    else if (hasLock(s, LockKind::DeviceFault))
        text = f.t("Please wait, help is coming: a device in this kiosk needs attention.");
    else if (hasLock(s, LockKind::Intervention))
        text = f.t("Please wait, help is coming.");
    else if (hasLock(s, LockKind::HelpRequested))
        text = f.t("Help is on the way. Please wait.");
    if (text.empty())
        return;
    const Theme& th = f.theme;
    const float pad = th.gap * 0.75f;
    const ImVec2 ts =
        th.fontBody->CalcTextSizeA(th.fontBody->FontSize, FLT_MAX, width - 2 * pad, text.c_str());
    f.panel(pos, ImVec2(pos.x + width, pos.y + ts.y + 2 * pad), th.colors.warning, false);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + pad, pos.y + pad));
    f.textWrapped(th.fontBody, th.colors.warningText, text, width - 2 * pad);
}

void drawKiosk(const View& view, Intents& intents, const Theme& theme, const Translations& tr,
               std::vector<WidgetInfo>& widgets) {
    widgets.clear();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(theme.width, theme.height));
    // No background: glClear paints it once (the fill-rate diet).
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoBringToFrontOnFocus |
        ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin("kasir", nullptr, flags);
    Frame f(view, intents, theme, tr, widgets);
    switch (view.screen) {
        case Screen::Attract:
            drawAttractScreen(f);
            break;
        case Screen::Shopping:
            drawShoppingScreen(f);
            break;
        case Screen::Lookup:
            drawLookupScreen(f);
            break;
        case Screen::Review:
            drawReviewScreen(f);
            break;
        case Screen::Paying:
        case Screen::Completing:
            drawPayingScreen(f);
            break;
        case Screen::Declined:
            drawDeclinedScreen(f);
            break;
        case Screen::Receipt:
            drawReceiptScreen(f);
            break;
        case Screen::ThankYou:
            drawThankYouScreen(f);
            break;
        case Screen::StillThere:
            drawStillThereScreen(f);
            break;
        case Screen::HelpComing:
            drawHelpComingScreen(f);
            break;
        case Screen::StaffSignIn:
        case Screen::Pin:
            drawPinScreen(f);
            break;
        case Screen::Attendant:
            drawAttendantScreen(f);
            break;
    }
    ImGui::End();
}

const char* shopperMessageText(ShopperMessage message) {
    switch (message) {
        case ShopperMessage::None:
            return "";
        case ShopperMessage::Welcome:
            return "Scan your first item";
        case ShopperMessage::ItemAdded:
            return "Item added";
        case ShopperMessage::ItemRemoved:
            return "Item removed";
        case ShopperMessage::QuantityChanged:
            return "Quantity changed";
        case ShopperMessage::UnknownItem:
            return "Item not found. An attendant is coming.";
        case ShopperMessage::AgeCheckNeeded:
            return "An attendant will check your age. Keep scanning.";
        case ShopperMessage::AgeApproved:
            return "Age check done. Thank you.";
        case ShopperMessage::AgeRefused:
            return "Age-restricted items were removed.";
        case ShopperMessage::RestrictedNotAllowed:
            return "This item cannot be sold in this transaction.";
        case ShopperMessage::PlaceItemOnScale:
            return "Place the item on the scale";
        case ShopperMessage::WeightNotValid:
            return "The weight was not valid. Place the item on the scale again.";
        case ShopperMessage::AttendantApprovalNeeded:
            return "An attendant needs to approve this change.";
        case ShopperMessage::HelpComing:
            return "Help is on the way. Please wait.";
        case ShopperMessage::PriceOverridden:
            return "The price was changed by an attendant.";
        case ShopperMessage::PaymentWaiting:
            return "Tap, insert or swipe your card on the terminal";
        case ShopperMessage::PaymentCancelling:
            return "Cancelling the payment...";
        case ShopperMessage::PaymentDeclined:
            return "The payment did not go through.";
        case ShopperMessage::PaymentCancelled:
            return "The payment was cancelled. Nothing was charged.";
        case ShopperMessage::PaymentCompleting:
            return "Payment approved. Saving your sale...";
        case ShopperMessage::CallStaff:
            return "Please wait, help is coming.";
        case ShopperMessage::ChooseReceipt:
            return "Would you like a receipt?";
        case ShopperMessage::ThankYou:
            return "Thank you for shopping with us!";
        case ShopperMessage::TransactionCancelled:
            return "The transaction was cancelled.";
        case ShopperMessage::CartRestored:
            return "Welcome back: your items are still here.";
        case ShopperMessage::DiscountApplied:
            return "A discount was applied by an attendant.";
        case ShopperMessage::TransactionSuspended:
            return "Your shopping is saved";
        case ShopperMessage::CartResumed:
            return "Welcome back: your saved shopping is here.";
        case ShopperMessage::ResumeFailed:
            return "This saved-shopping code cannot be used. Please ask staff.";
    }
    return "";
}

const char* declineReasonText(DeclineReason reason) {
    switch (reason) {
        case DeclineReason::Refused:
            return "Your card was declined by your bank.";
        case DeclineReason::InvalidCard:
            return "This card cannot be used. Please try another card.";
        case DeclineReason::WrongPin:
            return "The PIN was not correct.";
        case DeclineReason::NotAllowed:
            return "This card cannot be used here.";
        case DeclineReason::PaymentRestriction:
            return "This card cannot pay for these items.";
        case DeclineReason::TerminalBusy:
            return "The card terminal is busy. Please try again.";
        case DeclineReason::TerminalUnavailable:
            return "The card terminal is not available. An attendant is coming.";
        case DeclineReason::Other:
            return "The payment did not go through.";
    }
    return "The payment did not go through.";
}

}  // namespace kiosk::ui
