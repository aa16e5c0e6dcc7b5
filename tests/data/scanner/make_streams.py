#!/usr/bin/env python3
"""Writes the recorded keyboard-wedge event streams used by tests/scanner/evdev_decoder_test.cpp.

Each file is a sequence of Linux `struct input_event` (x86-64: 16-byte timeval, u16 type,
u16 code, s32 value) as a USB HID scanner in keyboard mode produces them: for every key an
EV_MSC/MSC_SCAN with the HID usage, the EV_KEY press (1) or release (0), and EV_SYN/SYN_REPORT.
The key codes are written out here by hand from linux/input-event-codes.h and the public
us/de/fr keyboard layouts, independently of the C++ keymap they test.

Run: python3 tests/data/scanner/make_streams.py (writes the .bin files next to this script).
"""
import os
import struct

EV_SYN, EV_KEY, EV_MSC = 0, 1, 4
SYN_REPORT, MSC_SCAN = 0, 4
LEFTSHIFT, RIGHTSHIFT, LEFTCTRL, LEFTALT, RIGHTALT, CAPSLOCK, ENTER, KPENTER = 42, 54, 29, 56, 100, 58, 28, 96
DIGITS = {'1': 2, '2': 3, '3': 4, '4': 5, '5': 6, '6': 7, '7': 8, '8': 9, '9': 10, '0': 11}
KP = {'7': 71, '8': 72, '9': 73, '4': 75, '5': 76, '6': 77, '1': 79, '2': 80, '3': 81, '0': 82}
QWERTY = {c: k for c, k in zip('qwertyuiop', range(16, 26))}
QWERTY.update({c: k for c, k in zip('asdfghjkl', range(30, 39))})
QWERTY.update({c: k for c, k in zip('zxcvbnm', range(44, 51))})


class Stream:
    def __init__(self, start_us=1_700_000_000_000_000, gap_us=4_000):
        self.t = start_us
        self.gap = gap_us
        self.out = bytearray()

    def ev(self, typ, code, value):
        self.out += struct.pack('<qqHHi', self.t // 1_000_000, self.t % 1_000_000, typ, code, value)

    def key(self, code, value):
        self.ev(EV_MSC, MSC_SCAN, 0x70000 + code)
        self.ev(EV_KEY, code, value)
        self.ev(EV_SYN, SYN_REPORT, 0)
        self.t += self.gap

    def tap(self, code, *mods):
        for m in mods:
            self.key(m, 1)
        self.key(code, 1)
        self.key(code, 0)
        for m in reversed(mods):
            self.key(m, 0)

    def pause(self, us):
        self.t += us

    def write(self, name):
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name), 'wb') as f:
            f.write(self.out)


def us_char(s, c):
    if c in DIGITS:
        s.tap(DIGITS[c])
    elif c.islower():
        s.tap(QWERTY[c])
    elif c.isupper():
        s.tap(QWERTY[c.lower()], LEFTSHIFT)
    elif c == ']':
        s.tap(27)
    else:
        raise ValueError(c)


# 1. US layout, EAN-13, one digit held long enough for the kernel to autorepeat it twice.
s = Stream()
for i, c in enumerate('4006381333931'):
    if i == 5:
        s.key(DIGITS[c], 1)
        s.pause(600_000)
        s.ev(EV_KEY, DIGITS[c], 2)  # autorepeat: no MSC_SCAN, as the kernel sends it
        s.ev(EV_SYN, SYN_REPORT, 0)
        s.pause(33_000)
        s.ev(EV_KEY, DIGITS[c], 2)
        s.ev(EV_SYN, SYN_REPORT, 0)
        s.key(DIGITS[c], 0)
    else:
        us_char(s, c)
s.tap(ENTER)
s.write('us_ean13_repeat.bin')

# 2. US layout, AIM ]C1 GS1-128 with Ctrl+] as GS, right shift for the batch letters, then a
# second scan ended by the keypad Enter.
s = Stream()
for c in ']C1':
    us_char(s, c)
for c in '0104006381333931':
    us_char(s, c)
s.tap(27, LEFTCTRL)  # GS
for c in '10':
    us_char(s, c)
for c in 'ab':
    s.tap(QWERTY[c], RIGHTSHIFT)
s.tap(QWERTY['c'])
s.tap(ENTER)
s.pause(1_500_000)
for c in '96385074':
    s.tap(KP[c])
s.tap(KPENTER)
s.write('us_gs1_128_aim.bin')

# 3. German layout (QWERTZ): ]E0 is AltGr+9, E, 0; then "Zy-7/x" where z and y swap keys,
# '-' is the key right of '.', '/' is Shift+7.
s = Stream()
s.tap(10, RIGHTALT)          # ]
s.tap(18, LEFTSHIFT)         # E
s.tap(11)                    # 0
for c in '4006381333931':
    s.tap(DIGITS[c])
s.tap(ENTER)
s.tap(21, LEFTSHIFT)  # Z (the key labelled Y on a US board)
s.tap(44)             # y
s.tap(53)             # -
s.tap(8)              # 7
s.tap(8, LEFTSHIFT)   # /
s.tap(45)             # x
s.tap(ENTER)
s.write('de_aim_qwertz.bin')

# 4. French layout (AZERTY): digits need Shift; Caps Lock makes letters upper case without
# Shift (and Shift lower case again).
s = Stream()
for c in '4006381333931':
    s.tap(DIGITS[c], LEFTSHIFT)
s.tap(ENTER)
s.tap(CAPSLOCK)
s.tap(16)              # a (AZERTY) -> A with Caps Lock
s.tap(17)              # z -> Z
s.tap(16, LEFTSHIFT)   # Shift with Caps Lock -> a
s.tap(3)               # é unshifted (2 needs Shift)
s.tap(CAPSLOCK)
s.tap(44)              # w
s.tap(ENTER)
s.write('fr_azerty_caps.bin')

# 5. A partial scan, 3 s of nothing (the rest was lost), then a whole one; and Alt+029 (keypad)
# as GS between two GS1 fields.
s = Stream()
for c in '40063':
    us_char(s, c)
s.pause(3_000_000)
for c in '0117250531':
    us_char(s, c)
s.key(LEFTALT, 1)
for c in '029':
    s.tap(KP[c])
s.key(LEFTALT, 0)
for c in '10':
    us_char(s, c)
us_char(s, 'L')
us_char(s, '7')
s.tap(ENTER)
s.write('us_gap_altcode.bin')
