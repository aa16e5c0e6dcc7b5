// kasir-bench-scale: how long from "the weight settles on the scale" (the simulator starts
// answering with the stable weight) to "the price is on the checkout snapshot" (ScaleMonitor
// delivered the stable reading over a real pty and CheckoutMachine priced the line).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "devices/scale/scale_monitor.hpp"
#include "devices/scale/scale_sim.hpp"
#include "devices/scale/serial_scale.hpp"
#include "kiosk/core/checkout_machine.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace kiosk;
    using namespace kiosk::devices;
    CLI::App app{"kasir-bench-scale: scale reading latency, stable weight -> priced line"};
    int n = 40;
    int64_t pollMs = 200;
    std::string protocol = "8217";
    app.add_option("-n,--count", n, "weighings")->check(CLI::Range(1, 10'000));
    app.add_option("--poll-ms", pollMs, "ScaleMonitor poll interval")->check(CLI::Range(20, 5000));
    app.add_option("--protocol", protocol, "8217 or sci")->check(CLI::IsMember({"8217", "sci"}));
    CLI11_PARSE(app, argc, argv);

    ScaleSimOptions simOptions;
    simOptions.protocol =
        protocol == "sci" ? ScaleProtocol::DatalogicSci : ScaleProtocol::Toledo8217;
    simOptions.script = {ScaleSimStep{ScaleSimStep::Kind::Motion, 0, 0, 0}};
    auto sim = ScaleSimulator::start(simOptions);
    if (!sim) {
        std::fprintf(stderr, "kasir-bench-scale: %s\n", sim.error().message.c_str());
        return 1;
    }
    const std::string path = (*sim)->path();
    SerialScaleOptions scaleOptions;
    scaleOptions.protocol = simOptions.protocol;
    scaleOptions.commandGap = std::min<int64_t>(200, pollMs);
    ScaleConnector connect = [&]() -> Result<std::unique_ptr<Scale>> {
        auto port = SerialPort::open(path, defaultSerialOptions(scaleOptions.protocol));
        if (!port)
            return port.error();
        return std::unique_ptr<Scale>(
            std::make_unique<SerialScale>(std::move(*port), scaleOptions));
    };

    // The checkout: a banana at Rp 25.000/kg waits for its weight.
    CheckoutSetup setup;
    setup.rules.tax.classes = {TaxClass{"PPN", "PPN 11%", 110'000}};
    setup.storeId = "bench";
    setup.kioskId = "k1";
    CheckoutMachine machine(setup);
    Product banana;
    banana.id = 7;
    banana.names["en"] = "Banana";
    banana.price = 25'000;
    banana.taxClass = "PPN";
    banana.unit = SaleUnit::Weight;
    banana.plu = "4011";
    CheckoutState state = machine.handle(machine.initialState(), Touch{"bench-sale"}, 1).state;

    std::mutex mutex;
    std::condition_variable cv;
    std::optional<ScaleUpdate> last;
    ScaleMonitorOptions monitorOptions;
    monitorOptions.pollInterval = pollMs;
    ScaleMonitor monitor(path, connect, monitorOptions,
                         {[&](const ScaleUpdate& u) {
                              std::lock_guard lock(mutex);
                              last = u;
                              cv.notify_all();
                          },
                          nullptr});
    monitor.start();
    auto waitFor = [&](auto pred) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(10), [&] { return last && pred(*last); });
    };

    std::mt19937 rng(42);
    std::uniform_int_distribution<int64_t> phase(0, pollMs * 1000);
    std::vector<double> reading;
    std::vector<double> priced;
    for (int i = 0; i < n; ++i) {
        const int64_t grams = 500 + 7 * i;
        (*sim)->set(ScaleSimStep{ScaleSimStep::Kind::Motion, 0, 0, 0});
        if (!waitFor([](const ScaleUpdate& u) { return u.reading.state == WeightState::Motion; })) {
            std::fprintf(stderr, "kasir-bench-scale: no motion reading\n");
            return 1;
        }
        state = machine.handle(state, ItemPicked{banana, "bench-sale"}, 10 + i).state;
        // A load settles at any moment between two polls, not right after one.
        std::this_thread::sleep_for(std::chrono::microseconds(phase(rng)));
        const auto t0 = Clock::now();
        (*sim)->set(ScaleSimStep{ScaleSimStep::Kind::Weight, grams, 0, 0});
        if (!waitFor([&](const ScaleUpdate& u) { return u.prices && u.reading.grams == grams; })) {
            std::fprintf(stderr, "kasir-bench-scale: no stable reading of %lld g\n",
                         static_cast<long long>(grams));
            return 1;
        }
        const auto t1 = Clock::now();
        Step step = machine.handle(state, WeightStable{grams}, 10 + i);
        if (!step.accepted() || step.state.priced.lines.empty()) {
            std::fprintf(stderr, "kasir-bench-scale: the machine refused the weight\n");
            return 1;
        }
        state = std::move(step.state);
        const auto t2 = Clock::now();
        if (state.priced.lines.back().weightGrams != grams) {
            std::fprintf(stderr, "kasir-bench-scale: priced the wrong weight\n");
            return 1;
        }
        reading.push_back(ms(t1 - t0));
        priced.push_back(ms(t2 - t0));
    }
    monitor.stop();

    auto report = [](const char* what, std::vector<double> v) {
        std::sort(v.begin(), v.end());
        auto at = [&](double q) {
            return v[std::min(v.size() - 1, static_cast<size_t>(q * (v.size() - 1) + 0.5))];
        };
        std::printf("%-34s median %7.1f ms  p95 %7.1f ms  max %7.1f ms\n", what, at(0.5), at(0.95),
                    v.back());
    };
    std::printf("kasir-bench-scale: %d weighings, protocol %s, poll every %lld ms, real pty\n", n,
                protocol.c_str(), static_cast<long long>(pollMs));
    report("stable in sim -> ScaleMonitor", reading);
    report("stable in sim -> priced snapshot", priced);
    std::printf("last line: %lld g at Rp 25.000/kg = Rp %lld\n",
                static_cast<long long>(state.priced.lines.back().weightGrams),
                static_cast<long long>(state.priced.lines.back().gross));
    return 0;
}
