// @ts-nocheck
module.exports = require("./environment").setup;
