// The demo's device simulators run as child processes of kasir (kasir-terminal-sim,
// kasir-printer-sim, kasir-scale-sim): started with their first stdout line read (each prints
// where it listens), stopped with SIGTERM when kasir exits, and killed by the kernel if kasir
// dies first (PR_SET_PDEATHSIG).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/core/time.hpp"

namespace kiosk::app {

class ChildProcess {
  public:
    // Starts `program` with `args`; waits up to `timeout` for its first line on stdout.
    static Result<ChildProcess> start(const std::string& program,
                                      const std::vector<std::string>& args, Millis timeout);
    ChildProcess() = default;
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ~ChildProcess();

    const std::string& firstLine() const { return firstLine_; }
    pid_t pid() const { return pid_; }
    void stop();

  private:
    pid_t pid_ = -1;
    int out_ = -1;
    std::string firstLine_;
};

// Where a sibling program is: next to kasir, in the build tree (devices/...), or on PATH.
std::string findProgram(const std::string& name, const std::string& buildSubdir);

}  // namespace kiosk::app
