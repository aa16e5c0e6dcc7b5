#include "vision/bench/child_runner.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace kiosk::vision::bench {

namespace {

bool writeAll(int fd, const void* data, std::size_t size) {
    auto p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd, p, size);
        if (n > 0) {
            p += n;
            size -= static_cast<std::size_t>(n);
        } else if (n == 0 || errno != EINTR) {
            return false;
        }
    }
    return true;
}

// Reads exactly size bytes; false on end of file, error or `hangSeconds` of silence.
bool readAll(int fd, void* data, std::size_t size, int hangSeconds) {
    auto p = static_cast<char*>(data);
    while (size > 0) {
        pollfd pfd{fd, POLLIN, 0};
        int pr = ::poll(&pfd, 1, hangSeconds * 1000);
        if (pr == 0) {
            return false;
        }
        if (pr < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        ssize_t n = ::read(fd, p, size);
        if (n > 0) {
            p += n;
            size -= static_cast<std::size_t>(n);
        } else if (n == 0 || errno != EINTR) {
            return false;
        }
    }
    return true;
}

bool writeString(int fd, const std::string& s) {
    auto n = static_cast<uint32_t>(s.size());
    return writeAll(fd, &n, sizeof n) && writeAll(fd, s.data(), s.size());
}

bool readString(int fd, std::string& s, int hangSeconds) {
    uint32_t n = 0;
    if (!readAll(fd, &n, sizeof n, hangSeconds) || n > (64u << 20)) {
        return false;
    }
    s.resize(n);
    return readAll(fd, s.data(), n, hangSeconds);
}

[[noreturn]] void childLoop(int fd, int from, int count,
                            const std::function<ChildAnswer(int)>& work) {
    for (int i = from; i < count; ++i) {
        ChildAnswer a = work(i);
        auto index = static_cast<int32_t>(i);
        if (!writeAll(fd, &index, sizeof index) || !writeAll(fd, &a.ms, sizeof a.ms) ||
            !writeAll(fd, &a.wallMs, sizeof a.wallMs) || !writeString(fd, a.format) ||
            !writeString(fd, a.text)) {
            ::_exit(1);
        }
    }
    ::_exit(0);
}

}  // namespace

std::vector<ChildAnswer> runInChildren(int count, const std::function<ChildAnswer(int)>& work,
                                       int hangSeconds) {
    std::vector<ChildAnswer> answers(static_cast<std::size_t>(count));
    int next = 0;
    while (next < count) {
        int fds[2];
        if (::pipe(fds) != 0) {
            for (int i = next; i < count; ++i) {
                answers[i].crashed = true;
            }
            break;
        }
        pid_t pid = ::fork();
        if (pid == 0) {
            ::close(fds[0]);
            childLoop(fds[1], next, count, work);
        }
        ::close(fds[1]);
        if (pid < 0) {
            ::close(fds[0]);
            for (int i = next; i < count; ++i) {
                answers[i].crashed = true;
            }
            break;
        }
        while (next < count) {
            int32_t index = -1;
            ChildAnswer a;
            if (!readAll(fds[0], &index, sizeof index, hangSeconds) || index != next ||
                !readAll(fds[0], &a.ms, sizeof a.ms, hangSeconds) ||
                !readAll(fds[0], &a.wallMs, sizeof a.wallMs, hangSeconds) ||
                !readString(fds[0], a.format, hangSeconds) ||
                !readString(fds[0], a.text, hangSeconds)) {
                // The child died (or hung) on image `next`: count it and go on after it.
                answers[next].crashed = true;
                ++next;
                break;
            }
            answers[next++] = std::move(a);
        }
        ::close(fds[0]);
        ::kill(pid, SIGKILL);
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    return answers;
}

}  // namespace kiosk::vision::bench
