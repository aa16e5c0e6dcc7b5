// A pseudo-terminal pair for simulators and tests: the simulator keeps the master, the driver
// opens the slave path exactly as it would open /dev/ttyUSB0.
#pragma once

#include <string>

#include "kiosk/core/result.hpp"

namespace kiosk::devices {

class Pty {
  public:
    // Opens a pair with the slave in raw mode (no echo: otherwise the simulator would read its
    // own replies back before the driver has opened the line). The slave stays open here too,
    // so the master does not see a hang-up each time the driver closes and reopens the line.
    static Result<Pty> open();

    Pty() = default;
    Pty(Pty&& other) noexcept;
    Pty& operator=(Pty&& other) noexcept;
    Pty(const Pty&) = delete;
    Pty& operator=(const Pty&) = delete;
    ~Pty();

    int master() const { return master_; }
    const std::string& slavePath() const { return slavePath_; }
    bool isOpen() const { return master_ >= 0; }
    // Closing both ends is an unplug: the driver's next read or write fails (EIO / hang-up).
    void close();

  private:
    int master_ = -1;
    int slave_ = -1;
    std::string slavePath_;
};

// Points `link` at `target` atomically (symlink to a temporary name, then rename), so a
// driver reopening `link` after a simulated replug finds the new pty.
Result<void> replaceSymlink(const std::string& target, const std::string& link);

}  // namespace kiosk::devices
