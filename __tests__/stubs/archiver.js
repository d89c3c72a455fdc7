"use strict";
// cdktf's index loads archiver, about half of its load time in every test file, only to zip a
// TerraformAsset, which the stacks do not use; jest.config.js maps it here, and the real module
// loads on first use (by path, which the mapping does not match).
const { join } = require("node:path");

module.exports = (...args) => require(join(__dirname, "..", "..", "node_modules", "archiver"))(...args);
