// Paying (waiting for the card, cancelling, completing), Declined, Receipt choice, Thank you.
#include <algorithm>

#include <qrencode.h>

#include "kiosk/ui/screens.hpp"

namespace kiosk::ui {
namespace {

float centeredBlock(Frame& f, float y, ImFont* font, ImU32 color, const std::string& s) {
    const Theme& th = f.theme;
    ImGui::SetCursorScreenPos(ImVec2(th.gap * 2, y));
    f.textCentered(font, color, s, th.width - 4 * th.gap);
    return ImGui::GetCursorScreenPos().y + th.gap;
}

// A QR code drawn from modules (libqrencode); quiet zone included.
void drawQr(const std::string& text, ImVec2 pos, float size) {
    QRcode* qr = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr == nullptr)
        return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int n = qr->width + 8;
    const float m = std::floor(size / n);
    const float total = m * n;
    dl->AddRectFilled(pos, ImVec2(pos.x + total, pos.y + total), IM_COL32(255, 255, 255, 255));
    for (int y = 0; y < qr->width; ++y)
        for (int x = 0; x < qr->width; ++x)
            if (qr->data[y * qr->width + x] & 1) {
                const ImVec2 a(pos.x + (x + 4) * m, pos.y + (y + 4) * m);
                dl->AddRectFilled(a, ImVec2(a.x + m, a.y + m), IM_COL32(0, 0, 0, 255));
            }
    QRcode_free(qr);
}

}  // namespace

void drawPayingScreen(Frame& f) {
    const Theme& th = f.theme;
    const CheckoutState& s = f.state();
    const float top = drawTopBar(f, f.t("Payment"));
    float y = top + th.height * 0.08f;
    const PaymentStatus st = s.payment.status;
    if (st == PaymentStatus::PartiallyPaid) {
        // A card paid part of the total (split tender): the rest is still due, and the money
        // already taken means the shopper cannot simply cancel.
        y = centeredBlock(f, y, th.fontLarge, th.colors.good,
                          f.t("Already paid") + ": " + f.money(s.payment.paid));
        y = centeredBlock(f, y, th.fontLarge, th.colors.textMuted, f.t("Still to pay"));
        y = centeredBlock(f, y, th.fontHuge, th.colors.text, f.money(paymentRemaining(s)));
        y += th.gap * 2;
        y = centeredBlock(f, y, th.fontBody, th.colors.textMuted,
                          f.t("Pay the rest with another card, or ask for help."));
        drawLockBanner(f, ImVec2(th.gap * 2, y), th.width - 4 * th.gap);
        const float bw = std::min(th.width - 4 * th.gap, 640 * th.scale);
        ImGui::SetCursorScreenPos(ImVec2((th.width - bw) / 2, th.height - th.touch - th.gap * 3));
        if (f.button("pay-rest", f.t("Pay the rest"), ImVec2(bw, th.touch), ButtonKind::Primary,
                     f.view.payAllowed))
            f.event(PayPressed{});
        return;
    }
    y = centeredBlock(f, y, th.fontLarge, th.colors.textMuted, f.t("Amount to pay"));
    y = centeredBlock(f, y, th.fontHuge, th.colors.text, f.money(s.payment.amount));
    y += th.gap * 2;
    // While the card is awaited, the payment service's live stage ("Checking your payment",
    // "Please wait for staff") says more than the fixed instruction.
    const std::string message =
        st == PaymentStatus::Aborting     ? "Cancelling the payment..."
        : st == PaymentStatus::Completing ? "Payment approved. Saving your sale..."
        : !f.view.paymentStageId.empty()  ? f.view.paymentStageId
                                          : "Tap, insert or swipe your card on the terminal";
    y = centeredBlock(f, y, th.fontTitle,
                      st == PaymentStatus::Completing ? th.colors.good : th.colors.text,
                      f.t(message));
    if (st == PaymentStatus::Waiting) {
        y = centeredBlock(f, y, th.fontBody, th.colors.textMuted,
                          f.t("Follow the instructions on the card terminal."));
        const float bw = std::min(th.width - 4 * th.gap, 640 * th.scale);
        ImGui::SetCursorScreenPos(ImVec2((th.width - bw) / 2, th.height - th.touch - th.gap * 3));
        if (f.button("cancel-payment", f.t("Cancel payment"), ImVec2(bw, th.touch),
                     ButtonKind::Quiet))
            f.event(CancelPayment{});
    }
}

void drawDeclinedScreen(Frame& f) {
    const Theme& th = f.theme;
    const CheckoutState& s = f.state();
    const float top = drawTopBar(f, f.t("Payment"));
    float y = top + th.height * 0.08f;
    y = centeredBlock(f, y, th.fontTitle, th.colors.bad, f.t("The payment did not go through."));
    y = centeredBlock(f, y, th.fontLarge, th.colors.text,
                      f.t(f.view.declineTextId.empty() ? declineReasonText(s.payment.declineReason)
                                                       : f.view.declineTextId));
    if (s.payment.paid > 0)
        y = centeredBlock(f, y, th.fontBody, th.colors.textMuted,
                          f.t("Already paid") + ": " + f.money(s.payment.paid) + ". " +
                              f.t("Still to pay") + ": " + f.money(paymentRemaining(s)));
    else if (hasLock(s, LockKind::PaymentProblem))
        // Try again waits for staff here: do not invite a tap that does nothing.
        y = centeredBlock(f, y, th.fontBody, th.colors.textMuted, f.t("Nothing was charged."));
    else
        y = centeredBlock(f, y, th.fontBody, th.colors.textMuted,
                          f.t("Nothing was charged. You can try again, or ask for help."));
    // Once money is taken the cart is fixed: only paying the rest (or staff) moves on.
    const bool canGoBack = s.payment.paid == 0;
    drawLockBanner(f, ImVec2(th.gap * 2, y), th.width - 4 * th.gap);
    const float g = th.gap;
    const float w = th.width - 2 * g;
    const float by = th.height - th.touch - 2 * g;
    ImGui::SetCursorScreenPos(ImVec2(g, by));
    const bool retryOk = f.view.payAllowed;
    if (th.portrait) {
        ImGui::SetCursorScreenPos(ImVec2(g, by - th.touch - g));
        if (f.button("retry-payment", f.t("Try again"), ImVec2(w, th.touch), ButtonKind::Primary,
                     retryOk))
            f.event(PayPressed{});
        ImGui::SetCursorScreenPos(ImVec2(g, by));
        if (f.button("back", f.t("Back to scanning"), ImVec2(w, th.touch), ButtonKind::Secondary,
                     canGoBack))
            f.event(BackToShopping{});
        return;
    }
    if (f.button("back", f.t("Back to scanning"), ImVec2((w - g) / 2, th.touch),
                 ButtonKind::Secondary, canGoBack))
        f.event(BackToShopping{});
    ImGui::SameLine(0, g);
    if (f.button("retry-payment", f.t("Try again"), ImVec2((w - g) / 2, th.touch),
                 ButtonKind::Primary, retryOk))
        f.event(PayPressed{});
}

void drawReceiptScreen(Frame& f) {
    const Theme& th = f.theme;
    const float top = drawTopBar(f, f.t("Thank you"));
    float y = top + th.height * 0.06f;
    y = centeredBlock(f, y, th.fontTitle, th.colors.good, f.t("Payment approved"));
    y = centeredBlock(f, y, th.fontLarge, th.colors.text, f.t("Would you like a receipt?"));
    y += th.gap * 2;
    const float g = th.gap;
    const float bw = std::min(th.width - 4 * g, 900 * th.scale);
    const float x = (th.width - bw) / 2;
    struct Choice {
        const char* id;
        const char* label;
        ReceiptChoice choice;
        ButtonKind kind;
    };
    const Choice choices[] = {
        {"print-receipt", "Print a receipt", ReceiptChoice::Print, ButtonKind::Primary},
        {"digital-receipt", "Receipt on my phone (QR code)", ReceiptChoice::Digital,
         ButtonKind::Secondary},
        {"no-receipt", "No receipt", ReceiptChoice::None, ButtonKind::Quiet}};
    for (const Choice& c : choices) {
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (f.button(c.id, f.t(c.label), ImVec2(bw, th.touch), c.kind))
            f.event(ReceiptChosen{c.choice});
        y += th.touch + g;
    }
}

void drawThankYouScreen(Frame& f) {
    const Theme& th = f.theme;
    const CheckoutState& s = f.state();
    drawTopBar(f, f.view.storeName);
    // Touching anywhere goes back to the start (the machine's Finished + Touch).
    const float top = th.touch + 2 * th.gap;
    if (f.hotspot("done", f.t("Done"), ImVec2(0, top), ImVec2(th.width, th.height - top)))
        f.event(Touch{});
    float y = top + th.height * 0.08f;
    const bool completed = s.lastSale && s.lastSale->outcome == SaleOutcome::Completed;
    if (s.lastSale && s.lastSale->outcome == SaleOutcome::Suspended) {
        // The code is what the shopper needs to come back: large, and as the QR code the
        // kiosk's scanner reads (the same text the printed slip carries).
        const std::string& code = s.lastSale->suspendCode;
        y = centeredBlock(f, y, th.fontTitle, th.colors.good, f.t("Your shopping is saved"));
        y = centeredBlock(f, y, th.fontBody, th.colors.text,
                          f.t("Show this code or scan it at any kiosk to continue."));
        const std::string spaced =
            code.size() == 8 ? code.substr(0, 4) + " " + code.substr(4) : code;
        y = centeredBlock(f, y, th.fontHuge, th.colors.text, spaced);
        const float size = std::min(th.width, th.height - y - th.title - 3 * th.gap) * 0.9f;
        if (size > 80 * th.scale) {
            drawQr(formatSuspendSlip(code), ImVec2((th.width - size) / 2, y), size);
            y += size + th.gap;
        }
        // The code and its QR code stay on screen either way: a slip is a copy, not the key.
        if (!f.view.slipProblem.empty())
            centeredBlock(f, y, th.fontBody, th.colors.textMuted,
                          f.t("Please write the code down: the slip could not be printed."));
        else if (f.view.slipPrinted)
            centeredBlock(f, y, th.fontLarge, th.colors.text, f.t("Take your slip"));
        return;
    }
    y = centeredBlock(f, y, th.fontHuge, th.colors.good, f.t("Thank you for shopping with us!"));
    if (completed && s.lastSale->receiptNo > 0)
        y = centeredBlock(f, y, th.fontBody, th.colors.textMuted,
                          fmt::format("{} {}", f.t("Receipt number"), s.lastSale->receiptNo));
    const auto choice = f.view.ui.receiptChoice;
    // A paper receipt that did not come out is replaced by the digital one (issue 6).
    const bool paperFailed = choice == ReceiptChoice::Print && f.view.printFailed;
    if (choice == ReceiptChoice::Print && !paperFailed)
        y = centeredBlock(f, y, th.fontLarge, th.colors.text, f.t("Please take your receipt."));
    if (paperFailed)
        y = centeredBlock(f, y, th.fontLarge, th.colors.bad,
                          f.t("The printer could not print your receipt."));
    if (choice == ReceiptChoice::Digital || paperFailed) {
        if (!f.view.digitalReceiptUrl.empty()) {
            y = centeredBlock(f, y, th.fontLarge, th.colors.text,
                              f.t("Scan the code with your phone to get your receipt."));
            // Room is left for the bags line below.
            const float size = std::min(std::min(th.width, th.height) * 0.4f,
                                        th.height - y - th.title - th.gap * 4);
            drawQr(f.view.digitalReceiptUrl, ImVec2((th.width - size) / 2, y), size);
            y += size + th.gap;
        } else if (f.view.digitalReceiptPending) {
            y = centeredBlock(f, y, th.fontLarge, th.colors.textMuted,
                              f.t("Preparing your receipt..."));
        } else if (choice == ReceiptChoice::Digital || paperFailed) {
            y = centeredBlock(f, y, th.fontLarge, th.colors.textMuted,
                              f.t("Your receipt could not be made here. Please ask staff."));
        }
    }
    centeredBlock(f, std::max(y, th.height - th.title - th.gap * 3), th.fontBody,
                  th.colors.textMuted, f.t("Don't forget your bags."));
}

void drawStillThereScreen(Frame& f) {
    const Theme& th = f.theme;
    const CheckoutState& s = f.state();
    drawTopBar(f, f.view.storeName);
    float y = th.height * 0.22f;
    y = centeredBlock(f, y, th.fontHuge, th.colors.text, f.t("Are you still there?"));
    const int64_t left = std::max<int64_t>(0, (s.inactivity.deadline - f.view.now + 999) / 1000);
    y = centeredBlock(
        f, y, th.fontLarge, th.colors.text,
        fmt::format("{} {} {}", f.t("Your items will be cleared in"), left, f.t("seconds")));
    y += th.gap * 2;
    const float bw = std::min(th.width - 4 * th.gap, 900 * th.scale);
    ImGui::SetCursorScreenPos(ImVec2((th.width - bw) / 2, y));
    if (f.button("still-here", f.t("Yes, I am still here"), ImVec2(bw, th.touch * 1.3f),
                 ButtonKind::Primary, true, th.fontTitle))
        f.event(StillHere{});
    ImGui::SetCursorScreenPos(ImVec2((th.width - bw) / 2, y + th.touch * 1.3f + th.gap * 2));
    if (f.button("cancel-transaction", f.t("Cancel and start over"), ImVec2(bw, th.touch),
                 ButtonKind::Quiet))
        f.event(CancelTransaction{});
}

void drawHelpComingScreen(Frame& f) {
    const Theme& th = f.theme;
    drawTopBar(f, f.view.storeName, false);
    float y = th.height * 0.25f;
    y = centeredBlock(f, y, th.fontHuge, th.colors.text, f.t("Please wait, help is coming"));
    y = centeredBlock(f, y, th.fontLarge, th.colors.textMuted,
                      f.t("An attendant has been called. Your items are safe."));
}

}  // namespace kiosk::ui
