// @ts-nocheck
module.exports = require("./environment").teardown;
