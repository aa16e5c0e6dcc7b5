// Plays a parsed script against the running kiosk, one step per drawn frame, through a host
// interface the app implements (taps become SDL events, scans go into the event queue).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/app/script.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::app {

class ScriptHost {
  public:
    virtual ~ScriptHost() = default;
    virtual nlohmann::json snapshot() = 0;
    virtual const std::vector<ui::WidgetInfo>& widgets() = 0;
    // Injects a touch at window pixel (x, y): down or up, as an SDL finger event.
    virtual void touch(float x, float y, bool down) = 0;
    virtual void scan(const std::string& code) = 0;
    // The hand scanner simulator scans `raw` (AIM prefix included), through the real driver.
    virtual Result<void> handScan(const std::string& raw) = 0;
    virtual Result<void> show(const std::string& image) = 0;
    // Asks for the next frame to be saved as PNG; done() reports when it was written.
    virtual void screenshot(const std::string& name) = 0;
    virtual std::optional<Result<void>> screenshotDone() = 0;
    virtual int64_t steadyMs() = 0;
    // States and screens current or reached since forgetReached().
    virtual const std::set<std::string>& reached() = 0;
    virtual void forgetReached() = 0;
};

class ScriptRunner {
  public:
    enum class Status { Running, Passed, Failed };
    ScriptRunner(std::vector<ScriptCommand> commands, std::string dumpDir);
    // Call once after each drawn frame.
    Status step(ScriptHost& host);
    const std::string& failure() const { return failure_; }
    size_t done() const { return index_; }

  private:
    Status fail(const std::string& why);
    void next(ScriptHost& host);
    // Starts (or continues) a tap at the centre of a widget; true when finished.
    bool tapWidget(ScriptHost& host, const ui::WidgetInfo& w);

    std::vector<ScriptCommand> commands_;
    std::string dumpDir_;
    size_t index_ = 0;
    std::string failure_;
    int phase_ = 0;           // progress inside the current command
    int64_t startedMs_ = -1;  // when the current command started
    size_t typed_ = 0;        // characters of `type` done
    float tapX_ = 0, tapY_ = 0;
    std::map<std::string, std::string> remembered_;  // `remember NAME KEY`
};

// The widget a script means by `tap "Label"` or `tap #id`, among the visible ones.
const ui::WidgetInfo* findWidget(const std::vector<ui::WidgetInfo>& widgets,
                                 const std::string& text, bool byId);

}  // namespace kiosk::app
