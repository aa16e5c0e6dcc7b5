#include "kiosk/app/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

namespace kiosk::app {

Result<ChildProcess> ChildProcess::start(const std::string& program,
                                         const std::vector<std::string>& args, Millis timeout) {
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) != 0)
        return makeError(ErrorCode::Io, program + ": pipe: " + std::strerror(errno));
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        close(pipeFds[0]);
        close(pipeFds[1]);
        return makeError(ErrorCode::Io, program + ": fork: " + std::strerror(errno));
    }
    if (pid == 0) {
        // Child: only async-signal-safe calls until exec.
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(127);
        dup2(pipeFds[1], STDOUT_FILENO);
        execv(program.c_str(), argv.data());
        _exit(127);
    }
    close(pipeFds[1]);
    ChildProcess child;
    child.pid_ = pid;
    child.out_ = pipeFds[0];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout);
    std::string line;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0)
            return makeError(ErrorCode::Io, program + ": did not say where it listens within " +
                                                std::to_string(timeout) + " ms");
        pollfd p{child.out_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left)) <= 0)
            continue;
        char c = 0;
        const ssize_t n = read(child.out_, &c, 1);
        if (n <= 0)
            return makeError(ErrorCode::Io, program + ": exited before it was ready");
        if (c == '\n')
            break;
        line += c;
    }
    child.firstLine_ = line;
    return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), out_(other.out_), firstLine_(std::move(other.firstLine_)) {
    other.pid_ = -1;
    other.out_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        stop();
        pid_ = other.pid_;
        out_ = other.out_;
        firstLine_ = std::move(other.firstLine_);
        other.pid_ = -1;
        other.out_ = -1;
    }
    return *this;
}

ChildProcess::~ChildProcess() {
    stop();
}

void ChildProcess::stop() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        // Simulators stop within their 100 ms loop; do not hang the kiosk's exit on one.
        for (int i = 0; i < 50 && waitpid(pid_, &status, WNOHANG) == 0; ++i)
            usleep(20'000);
        if (waitpid(pid_, &status, WNOHANG) == 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
        }
        pid_ = -1;
    }
    if (out_ >= 0)
        close(out_);
    out_ = -1;
}

std::string findProgram(const std::string& name, const std::string& buildSubdir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    std::vector<fs::path> candidates;
    if (!ec) {
        candidates.push_back(exe.parent_path() / name);
        // build/kiosk/app/kasir -> build/devices/payment/kasir-terminal-sim
        candidates.push_back(exe.parent_path() / "../.." / buildSubdir / name);
    }
    if (const char* path = std::getenv("PATH")) {
        std::string p = path;
        for (size_t b = 0, e; b <= p.size(); b = e + 1) {
            e = p.find(':', b);
            if (e == std::string::npos)
                e = p.size();
            if (e > b)
                candidates.push_back(fs::path(p.substr(b, e - b)) / name);
        }
    }
    for (const auto& c : candidates)
        if (access(c.c_str(), X_OK) == 0)
            return fs::weakly_canonical(c, ec).string();
    return "";
}

}  // namespace kiosk::app
