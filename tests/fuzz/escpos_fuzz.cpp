// ESC/POS decoder fuzz target: any byte stream, fed in chunks whose sizes come from the input,
// must decode without crashing, hanging or holding more than a bounded tail; the page it
// makes must render; text encoded for every code page must never contain control bytes.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "devices/printer/code_page.hpp"
#include "devices/printer/escpos_decoder.hpp"
#include "devices/printer/paper_render.hpp"

using namespace kiosk::devices::printer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    // First byte: chunk size (1..256) for the streaming path.
    const size_t chunk = static_cast<size_t>(data[0]) + 1;
    std::span<const uint8_t> bytes(data + 1, size - 1);

    EscPosDecoder whole;
    EscPosDecoder pieces;
    std::vector<DecoderEvent> events;
    whole.feed(bytes, events);
    whole.flushLine(events);
    std::vector<DecoderEvent> events2;
    for (size_t i = 0; i < bytes.size(); i += chunk)
        pieces.feed(bytes.subspan(i, std::min(chunk, bytes.size() - i)), events2);
    pieces.flushLine(events2);
    // Chunking must not change what is printed.
    if (whole.cutPages() != pieces.cutPages())
        __builtin_trap();
    while (whole.cutPages() > 0) {
        const PaperPage a = whole.takePage(), b = pieces.takePage();
        if (a.textLines() != b.textLines() || a.qrPayloads() != b.qrPayloads())
            __builtin_trap();
    }
    if (whole.page().textLines() != pieces.page().textLines() ||
        whole.page().qrPayloads() != pieces.page().qrPayloads())
        __builtin_trap();
    if (whole.pendingBytes() > (1u << 21))
        __builtin_trap();

    const PaperPage& page = whole.page();
    // Drawing is slow under the sanitizers: only small pages, one input in eight.
    if ((data[0] & 0x0E) == 0 && page.items.size() <= 16) {
        RenderOptions ro;
        ro.columns = (data[0] & 1) ? 48 : 32;
        auto image = renderPaper(page, ro);
        (void)image;
    }

    const std::string text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    for (CodePage p : {CodePage::Pc437, CodePage::Pc850, CodePage::Pc858, CodePage::Wpc1252}) {
        for (char c : encodeText(text, p)) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x20 && u != '\n')
                __builtin_trap();
        }
    }
    return 0;
}
