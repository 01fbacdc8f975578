// docs/configuration.md, generated from the schema table so that the reference cannot drift from the code.
// `opsdeck config docs > docs/configuration.md` writes it; a unit test fails when the two differ.
#pragma once

#include <string>

namespace opsdeck::core {

std::string render_configuration_markdown();

}  // namespace opsdeck::core
