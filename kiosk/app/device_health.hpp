// Device health for the attendant panel and the snapshot: one line per device from the ports,
// and an attendant alert (logged once) when a device becomes disconnected or faulted. The
// kiosk keeps running either way: a broken printer must not stop a shopper paying by card.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "devices/common/health.hpp"
#include "kiosk/app/device_wiring.hpp"
#include "kiosk/ui/view.hpp"

namespace kiosk::app {

inline const char* paperName(devices::PaperLevel p) {
    switch (p) {
        case devices::PaperLevel::Unknown:
            return "";
        case devices::PaperLevel::Ok:
            return "ok";
        case devices::PaperLevel::NearEnd:
            return "near-end";
        case devices::PaperLevel::Out:
            return "out";
    }
    return "";
}

inline ui::DeviceLine deviceLine(const std::string& name, const devices::DeviceHealth& h) {
    ui::DeviceLine line;
    line.name = name;
    line.state = devices::toString(h.state);
    line.lastError = h.lastError;
    line.paper = paperName(h.paper);
    line.drawerOpen = h.drawerOpen;
    return line;
}

// Cheap: every driver keeps its health behind a mutex, no device I/O here (UI thread).
inline std::vector<ui::DeviceLine> deviceLines(const DevicePorts& d) {
    std::vector<ui::DeviceLine> out;
    if (d.payment)
        out.push_back(deviceLine("terminal", d.payment->deviceHealth()));
    if (d.printer)
        out.push_back(deviceLine("printer", d.printer->deviceHealth()));
    if (d.scale)
        out.push_back(deviceLine("scale", d.scale->deviceHealth()));
    if (d.handScanner) {
        ui::DeviceLine line;
        line.name = "hand_scanner";
        line.state = d.handScanner->state();
        const std::string h = d.handScanner->health();
        if (const auto colon = h.find(": "); colon != std::string::npos)
            line.lastError = h.substr(colon + 2);
        out.push_back(line);
    }
    if (d.camera)
        out.push_back(deviceLine("camera", d.camera->deviceHealth()));
    return out;
}

// snapshot "devices": {"printer": {"state": "ready", "paper": "ok", "drawer_open": false,
// "error": ""}, ...}; paper and drawer_open only where they mean something.
inline nlohmann::json devicesJson(const std::vector<ui::DeviceLine>& lines) {
    nlohmann::json j = nlohmann::json::object();
    for (const ui::DeviceLine& l : lines) {
        nlohmann::json d = {{"state", l.state}, {"error", l.lastError}};
        if (!l.paper.empty())
            d["paper"] = l.paper;
        if (l.drawerOpen)
            d["drawer_open"] = *l.drawerOpen;
        j[l.name] = d;
    }
    return j;
}

inline bool needsAttendant(const std::string& state) {
    return state == "disconnected" || state == "fault";
}

// Raises each device problem once (log); the panel shows the current list.
class DeviceAlerts {
  public:
    void update(const std::vector<ui::DeviceLine>& lines) {
        for (const ui::DeviceLine& l : lines) {
            std::string& before = states_[l.name];
            if (needsAttendant(l.state) && before != l.state)
                spdlog::warn("attendant alert: device {} is {}{}", l.name, l.state,
                             l.lastError.empty() ? "" : ": " + l.lastError);
            else if (needsAttendant(before) && !needsAttendant(l.state))
                spdlog::info("device {} is {} again", l.name, l.state);
            before = l.state;
        }
    }

  private:
    std::map<std::string, std::string> states_;
};

}  // namespace kiosk::app
