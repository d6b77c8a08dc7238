// `gongxin meeting draw-sample`: the admin draws a sampled survey's
// respondents (spec.sample) once the public value the spec named is known.
// The server draws (ledger/sample_draw.h); anyone redraws from the export.
#ifndef GONGXIN_CLIENT_SAMPLE_COMMANDS_H_
#define GONGXIN_CLIENT_SAMPLE_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

// Adds under `meeting`, acting as the admin role:
//   meeting draw-sample ID --beacon TEXT
void AddSampleCommands(CLI::App& meeting, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_SAMPLE_COMMANDS_H_
