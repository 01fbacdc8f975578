// Layout maths: split a Rect into rows or columns by fixed and flexible sizes, centre a dialog. Pure
// functions, no drawing, so every view lays itself out the same way and the arithmetic is unit-tested.
#pragma once

#include <vector>

#include "tui/canvas/canvas.hpp"

namespace opsdeck::tui {

// One slot of a split: a fixed size in cells, or a share (`flex`) of what the fixed slots leave over.
struct Extent {
  int size = 0;      // fixed cells (used when flex == 0)
  int flex = 0;      // weight of the remaining space
  int min_size = 0;  // a flex slot never gets less than this while space allows

  static Extent fixed(int cells) { return Extent{cells, 0, 0}; }
  static Extent flexible(int weight = 1, int min_cells = 0) { return Extent{0, weight, min_cells}; }
};

// Sizes of each slot along `total` cells with `gap` cells between slots. Fixed slots are served first
// (clipped in order when there is not enough room), flex slots share the rest by weight; rounding leftovers
// go to the first flex slots so the sizes always add up.
std::vector<int> distribute(int total, const std::vector<Extent>& extents, int gap = 0);

// The rect cut into rows (top to bottom) or columns (left to right).
std::vector<Rect> split_rows(Rect area, const std::vector<Extent>& extents, int gap = 0);
std::vector<Rect> split_columns(Rect area, const std::vector<Extent>& extents, int gap = 0);

// A width x height rect centred in `outer`, shrunk to fit it.
Rect centered(Rect outer, int width, int height);

}  // namespace opsdeck::tui
