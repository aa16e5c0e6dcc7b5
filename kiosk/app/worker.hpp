// One background thread running jobs in order: the store's connection lives on one of these
// (a Store is single-threaded), blocking device calls on another. Never touches ImGui.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace kiosk::app {

class Worker {
  public:
    Worker() : thread_([this] { run(); }) {}
    ~Worker() { stop(); }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void post(std::function<void()> job) {
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
    }
    // Runs every job posted so far, then joins (used at exit so the last cart is saved).
    void stop() {
        {
            std::lock_guard lock(mutex_);
            if (stopping_)
                return;
            stopping_ = true;
        }
        cv_.notify_one();
        if (thread_.joinable())
            thread_.join();
    }
    // Blocks until every job posted before this call has run.
    void drain() {
        std::mutex m;
        std::condition_variable done;
        bool finished = false;
        post([&] {
            std::lock_guard lock(m);
            finished = true;
            done.notify_one();
        });
        std::unique_lock lock(m);
        done.wait(lock, [&] { return finished; });
    }

  private:
    void run() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(mutex_);
                cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
                if (jobs_.empty())
                    return;
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            job();
        }
    }

    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace kiosk::app
