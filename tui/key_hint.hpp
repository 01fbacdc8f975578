// A key hint ("/", "filter") shown in the status bar and the `?` help; shared by views and the status bar.
#pragma once

#include <string>

namespace opsdeck::tui {

struct KeyHint {
  std::string key;          // "Enter", "/", "s"
  std::string description;  // "filter", "start backup"
};

}  // namespace opsdeck::tui
