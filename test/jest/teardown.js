module.exports = require("./environment").teardown;
