// Writes the suite's settings (helpers.mjs: test keys, never real ones) as a settings file for
// `make lambda-edge`: node write-settings.mjs OUT.json
import { writeFileSync } from "node:fs";
import { settings } from "./helpers.mjs";

writeFileSync(process.argv[2], `${JSON.stringify(settings(), null, 2)}\n`);
