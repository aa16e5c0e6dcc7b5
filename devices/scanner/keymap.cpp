#include "devices/scanner/keymap.hpp"

#include <linux/input-event-codes.h>

#include <array>

namespace kiosk::devices {
namespace {

struct KeyDef {
    int code;
    const char* normal;
    const char* shifted;
    const char* altGr;  // "" when none
};

// Main block keys as the Linux console and X keymaps of each country define them. Letters
// are listed lower case; Caps Lock and Shift make them upper case.
constexpr KeyDef kUs[] = {
    {KEY_1, "1", "!", ""},          {KEY_2, "2", "@", ""},           {KEY_3, "3", "#", ""},
    {KEY_4, "4", "$", ""},          {KEY_5, "5", "%", ""},           {KEY_6, "6", "^", ""},
    {KEY_7, "7", "&", ""},          {KEY_8, "8", "*", ""},           {KEY_9, "9", "(", ""},
    {KEY_0, "0", ")", ""},          {KEY_MINUS, "-", "_", ""},       {KEY_EQUAL, "=", "+", ""},
    {KEY_Q, "q", "Q", ""},          {KEY_W, "w", "W", ""},           {KEY_E, "e", "E", ""},
    {KEY_R, "r", "R", ""},          {KEY_T, "t", "T", ""},           {KEY_Y, "y", "Y", ""},
    {KEY_U, "u", "U", ""},          {KEY_I, "i", "I", ""},           {KEY_O, "o", "O", ""},
    {KEY_P, "p", "P", ""},          {KEY_LEFTBRACE, "[", "{", ""},   {KEY_RIGHTBRACE, "]", "}", ""},
    {KEY_A, "a", "A", ""},          {KEY_S, "s", "S", ""},           {KEY_D, "d", "D", ""},
    {KEY_F, "f", "F", ""},          {KEY_G, "g", "G", ""},           {KEY_H, "h", "H", ""},
    {KEY_J, "j", "J", ""},          {KEY_K, "k", "K", ""},           {KEY_L, "l", "L", ""},
    {KEY_SEMICOLON, ";", ":", ""},  {KEY_APOSTROPHE, "'", "\"", ""}, {KEY_GRAVE, "`", "~", ""},
    {KEY_BACKSLASH, "\\", "|", ""}, {KEY_Z, "z", "Z", ""},           {KEY_X, "x", "X", ""},
    {KEY_C, "c", "C", ""},          {KEY_V, "v", "V", ""},           {KEY_B, "b", "B", ""},
    {KEY_N, "n", "N", ""},          {KEY_M, "m", "M", ""},           {KEY_COMMA, ",", "<", ""},
    {KEY_DOT, ".", ">", ""},        {KEY_SLASH, "/", "?", ""},       {KEY_SPACE, " ", " ", ""},
    {KEY_102ND, "\\", "|", ""},
};

constexpr KeyDef kDe[] = {
    {KEY_1, "1", "!", ""},          {KEY_2, "2", "\"", "²"},         {KEY_3, "3", "§", "³"},
    {KEY_4, "4", "$", ""},          {KEY_5, "5", "%", ""},           {KEY_6, "6", "&", ""},
    {KEY_7, "7", "/", "{"},         {KEY_8, "8", "(", "["},          {KEY_9, "9", ")", "]"},
    {KEY_0, "0", "=", "}"},         {KEY_MINUS, "ß", "?", "\\"},     {KEY_Q, "q", "Q", "@"},
    {KEY_W, "w", "W", ""},          {KEY_E, "e", "E", "€"},          {KEY_R, "r", "R", ""},
    {KEY_T, "t", "T", ""},          {KEY_Y, "z", "Z", ""},           {KEY_U, "u", "U", ""},
    {KEY_I, "i", "I", ""},          {KEY_O, "o", "O", ""},           {KEY_P, "p", "P", ""},
    {KEY_LEFTBRACE, "ü", "Ü", ""},  {KEY_RIGHTBRACE, "+", "*", "~"}, {KEY_A, "a", "A", ""},
    {KEY_S, "s", "S", ""},          {KEY_D, "d", "D", ""},           {KEY_F, "f", "F", ""},
    {KEY_G, "g", "G", ""},          {KEY_H, "h", "H", ""},           {KEY_J, "j", "J", ""},
    {KEY_K, "k", "K", ""},          {KEY_L, "l", "L", ""},           {KEY_SEMICOLON, "ö", "Ö", ""},
    {KEY_APOSTROPHE, "ä", "Ä", ""}, {KEY_BACKSLASH, "#", "'", ""},   {KEY_Z, "y", "Y", ""},
    {KEY_X, "x", "X", ""},          {KEY_C, "c", "C", ""},           {KEY_V, "v", "V", ""},
    {KEY_B, "b", "B", ""},          {KEY_N, "n", "N", ""},           {KEY_M, "m", "M", "µ"},
    {KEY_COMMA, ",", ";", ""},      {KEY_DOT, ".", ":", ""},         {KEY_SLASH, "-", "_", ""},
    {KEY_SPACE, " ", " ", ""},      {KEY_102ND, "<", ">", "|"},
    // KEY_GRAVE (^) and KEY_EQUAL (´) are dead keys: they type nothing on their own.
};

constexpr KeyDef kFr[] = {
    {KEY_1, "&", "1", ""},          {KEY_2, "é", "2", "~"},          {KEY_3, "\"", "3", "#"},
    {KEY_4, "'", "4", "{"},         {KEY_5, "(", "5", "["},          {KEY_6, "-", "6", "|"},
    {KEY_7, "è", "7", "`"},         {KEY_8, "_", "8", "\\"},         {KEY_9, "ç", "9", "^"},
    {KEY_0, "à", "0", "@"},         {KEY_MINUS, ")", "°", "]"},      {KEY_EQUAL, "=", "+", "}"},
    {KEY_Q, "a", "A", ""},          {KEY_W, "z", "Z", ""},           {KEY_E, "e", "E", "€"},
    {KEY_R, "r", "R", ""},          {KEY_T, "t", "T", ""},           {KEY_Y, "y", "Y", ""},
    {KEY_U, "u", "U", ""},          {KEY_I, "i", "I", ""},           {KEY_O, "o", "O", ""},
    {KEY_P, "p", "P", ""},          {KEY_RIGHTBRACE, "$", "£", "¤"}, {KEY_A, "q", "Q", ""},
    {KEY_S, "s", "S", ""},          {KEY_D, "d", "D", ""},           {KEY_F, "f", "F", ""},
    {KEY_G, "g", "G", ""},          {KEY_H, "h", "H", ""},           {KEY_J, "j", "J", ""},
    {KEY_K, "k", "K", ""},          {KEY_L, "l", "L", ""},           {KEY_SEMICOLON, "m", "M", ""},
    {KEY_APOSTROPHE, "ù", "%", ""}, {KEY_GRAVE, "²", "", ""},        {KEY_BACKSLASH, "*", "µ", ""},
    {KEY_Z, "w", "W", ""},          {KEY_X, "x", "X", ""},           {KEY_C, "c", "C", ""},
    {KEY_V, "v", "V", ""},          {KEY_B, "b", "B", ""},           {KEY_N, "n", "N", ""},
    {KEY_M, ",", "?", ""},          {KEY_COMMA, ";", ".", ""},       {KEY_DOT, ":", "/", ""},
    {KEY_SLASH, "!", "§", ""},      {KEY_SPACE, " ", " ", ""},       {KEY_102ND, "<", ">", ""},
    // KEY_LEFTBRACE (^ ¨) is a dead key.
};

// The keypad types the same everywhere (Num Lock on, as scanners assume).
constexpr KeyDef kKeypad[] = {
    {KEY_KP0, "0", "0", ""},        {KEY_KP1, "1", "1", ""},     {KEY_KP2, "2", "2", ""},
    {KEY_KP3, "3", "3", ""},        {KEY_KP4, "4", "4", ""},     {KEY_KP5, "5", "5", ""},
    {KEY_KP6, "6", "6", ""},        {KEY_KP7, "7", "7", ""},     {KEY_KP8, "8", "8", ""},
    {KEY_KP9, "9", "9", ""},        {KEY_KPMINUS, "-", "-", ""}, {KEY_KPPLUS, "+", "+", ""},
    {KEY_KPASTERISK, "*", "*", ""}, {KEY_KPSLASH, "/", "/", ""}, {KEY_KPDOT, ".", ".", ""},
};

template <size_t N>
const KeyDef* find(const KeyDef (&table)[N], int code) {
    for (const auto& k : table)
        if (k.code == code)
            return &k;
    return nullptr;
}

const KeyDef* lookup(KeyLayout layout, int code) {
    if (const KeyDef* k = find(kKeypad, code))
        return k;
    switch (layout) {
        case KeyLayout::Us:
            return find(kUs, code);
        case KeyLayout::De:
            return find(kDe, code);
        case KeyLayout::Fr:
            return find(kFr, code);
    }
    return nullptr;
}

bool isLetter(const char* s) {
    return s[0] >= 'a' && s[0] <= 'z' && s[1] == 0;
}

}  // namespace

Result<KeyLayout> parseKeyLayout(std::string_view name) {
    if (name == "us")
        return KeyLayout::Us;
    if (name == "de")
        return KeyLayout::De;
    if (name == "fr")
        return KeyLayout::Fr;
    return makeError(ErrorCode::InvalidArgument,
                     "keyboard layout \"" + std::string(name) + "\": use us, de or fr");
}

const char* toString(KeyLayout layout) {
    switch (layout) {
        case KeyLayout::Us:
            return "us";
        case KeyLayout::De:
            return "de";
        case KeyLayout::Fr:
            return "fr";
    }
    return "us";
}

std::optional<std::string> keyText(KeyLayout layout, int code, KeyModifiers mods) {
    const KeyDef* k = lookup(layout, code);
    if (!k)
        return std::nullopt;
    const char* s = nullptr;
    if (mods.altGr)
        s = k->altGr;
    else if (isLetter(k->normal))
        s = (mods.shift != mods.capsLock) ? k->shifted : k->normal;
    else
        s = mods.shift ? k->shifted : k->normal;
    if (!s || !*s)
        return std::nullopt;
    return std::string(s);
}

std::optional<KeyStroke> strokeFor(KeyLayout layout, char ch) {
    const std::string want(1, ch);
    auto search = [&](const auto& table) -> std::optional<KeyStroke> {
        for (const auto& k : table) {
            if (want == k.normal)
                return KeyStroke{k.code, false, false};
            if (want == k.shifted)
                return KeyStroke{k.code, true, false};
            if (want == k.altGr)
                return KeyStroke{k.code, false, true};
        }
        return std::nullopt;
    };
    switch (layout) {
        case KeyLayout::Us:
            return search(kUs);
        case KeyLayout::De:
            return search(kDe);
        case KeyLayout::Fr:
            return search(kFr);
    }
    return std::nullopt;
}

}  // namespace kiosk::devices
