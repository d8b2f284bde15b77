// A 5 x 7 pixel bitmap font of the printable ASCII characters, drawn for this project, so that
// pictures need no font files and look the same on every machine.
#pragma once

namespace nbimage::detail {

inline constexpr int kGlyphWidth = 5;
inline constexpr int kGlyphHeight = 7;
inline constexpr int kGlyphAdvance = 6; // one blank column between characters

// Row r (0 = top) of character c as 5 bits, bit 4 = leftmost column; '?' for characters outside
// ' '..'~'.
unsigned glyph_row(char c, int r);

} // namespace nbimage::detail
