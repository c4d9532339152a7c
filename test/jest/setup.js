module.exports = require("./environment").setup;
