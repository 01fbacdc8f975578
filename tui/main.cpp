// opsdeck: everything lives in the libraries; main only hands over to the CLI.
#include "tui/cli/cli_root.hpp"

int main(int argc, char** argv) {
  return opsdeck::tui::cli::run(argc, argv);
}
