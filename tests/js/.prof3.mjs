import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const cf = require("cfsign");
const URL_ = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";
const d = new Date(1893456000 * 1000);
for (let i = 0; i < 300000; i++) cf.buildPolicy({ resource: URL_, dateLessThan: d });
