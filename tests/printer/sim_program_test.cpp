// kasir-printer-sim as a program: started on a free port, driven by the real driver, its
// receipts written as files, stopped by SIGTERM; and its file mode.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "devices/printer/printer.hpp"
#include "printer_fixtures.hpp"

namespace kiosk::devices::printer {
namespace {

namespace fs = std::filesystem;

const std::string kSim = std::string(KASIR_BINARY_DIR) + "/devices/printer/kasir-printer-sim";

struct Child {
    pid_t pid = -1;
    FILE* out = nullptr;
    ~Child() {
        if (pid > 0) {
            kill(pid, SIGTERM);
            int status = 0;
            waitpid(pid, &status, 0);
        }
        if (out)
            fclose(out);
    }
};

// Starts the simulator with `args`, stdout piped back.
bool spawn(Child& c, std::vector<std::string> args) {
    int fds[2];
    if (pipe(fds) != 0)
        return false;
    c.pid = fork();
    if (c.pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        std::vector<char*> argv{const_cast<char*>(kSim.c_str())};
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(kSim.c_str(), argv.data());
        _exit(127);
    }
    close(fds[1]);
    c.out = fdopen(fds[0], "r");
    return c.pid > 0 && c.out;
}

std::string readLine(FILE* f) {
    char buf[512];
    if (!fgets(buf, sizeof buf, f))
        return "";
    std::string s(buf);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
    return s;
}

struct Dir {
    Dir() {
        char tmpl[] = "/tmp/kasir-simprog-test-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~Dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string path;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(PrinterSimProgram, ListensPrintsWritesFilesAndAnswersStatus) {
    Dir dir;
    Child sim;
    ASSERT_TRUE(spawn(sim, {"--port", "0", "--out", dir.path + "/paper", "--near-end"}));
    const std::string first = readLine(sim.out);
    ASSERT_EQ(first.rfind("listening on 127.0.0.1:", 0), 0u) << first;
    const int port = std::stoi(first.substr(first.rfind(':') + 1));
    ASSERT_GT(port, 0);

    PrinterOptions o;
    o.url = "tcp://127.0.0.1:" + std::to_string(port);
    o.receiptsDir = dir.path + "/receipts";
    o.statusTimeoutMs = 3000;
    auto printer = makePrinter(o);
    ASSERT_TRUE(printer.ok());
    const SaleReceipt r = printSale(**printer, testing::thirtyLineSale(), "Toko Sim", 0);
    EXPECT_EQ(r.outcome.result, PrintResult::PrintedPaperLow) << r.outcome.message;
    // The program names each file it writes.
    const std::string txt = readLine(sim.out);
    EXPECT_EQ(txt, dir.path + "/paper/receipt-0001.txt");
    const std::string png = readLine(sim.out);
    EXPECT_EQ(png, dir.path + "/paper/receipt-0001.png");
    const std::string text = slurp(txt);
    EXPECT_NE(text.find("Toko Sim"), std::string::npos);
    EXPECT_NE(text.find("Receipt 4711"), std::string::npos);
    ASSERT_TRUE(r.digital.has_value());
    EXPECT_NE(text.find("[QR] " + r.digital->url), std::string::npos);
    EXPECT_GT(fs::file_size(png), 1000u);
}

TEST(PrinterSimProgram, DecodesAJobFile) {
    Dir dir;
    PrinterOptions o;
    o.url = "file://" + dir.path + "/job.bin";
    o.columns = 32;
    auto printer = makePrinter(o);
    ASSERT_TRUE(printer.ok());
    Receipt r;
    r.sale = testing::thirtyLineSale();
    r.storeName = "Toko File";
    ASSERT_TRUE((*printer)->print(r).printed());
    ASSERT_TRUE((*printer)->print(r).printed());
    Child sim;
    ASSERT_TRUE(spawn(sim, {"--file", dir.path + "/job.bin", "--out", dir.path + "/paper",
                            "--columns", "32", "--no-png"}));
    std::string all, line;
    while (!(line = readLine(sim.out)).empty())
        all += line + "\n";
    int status = 0;
    waitpid(sim.pid, &status, 0);
    sim.pid = -1;
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << all;
    EXPECT_NE(all.find("2 receipt(s) decoded"), std::string::npos) << all;
    EXPECT_TRUE(fs::exists(dir.path + "/paper/receipt-0002.txt"));
    EXPECT_FALSE(fs::exists(dir.path + "/paper/receipt-0001.png"));
    const std::string second = slurp(dir.path + "/paper/receipt-0002.txt");
    EXPECT_NE(second.find("Toko File"), std::string::npos) << second;
}

TEST(PrinterSimProgram, BadCommandLineExitsTwo) {
    Child sim;
    ASSERT_TRUE(spawn(sim, {"--columns", "40", "--port", "0"}));
    int status = 0;
    waitpid(sim.pid, &status, 0);
    sim.pid = -1;
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 2);
}

}  // namespace
}  // namespace kiosk::devices::printer
