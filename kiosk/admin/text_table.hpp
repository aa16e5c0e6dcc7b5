// Plain-text tables for the terminal: columns sized to their content, measured in characters
// (UTF-8 code points) rather than bytes so accented product names line up.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::admin {

class TextTable {
  public:
    // Columns whose header starts with '>' are right-aligned (the '>' is not shown).
    explicit TextTable(std::vector<std::string> headers);
    void addRow(std::vector<std::string> cells);
    bool empty() const { return rows_.empty(); }
    // Cells wider than `maxWidth` characters are cut and end in "...".
    std::string render(size_t maxWidth = 50) const;

  private:
    std::vector<std::string> headers_;
    std::vector<bool> right_;
    std::vector<std::vector<std::string>> rows_;
};

// Characters on screen: UTF-8 code points, not counting combining marks.
size_t displayWidth(std::string_view utf8);
std::string truncateToWidth(std::string_view utf8, size_t width);

}  // namespace kiosk::admin
