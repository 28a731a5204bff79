#!/usr/bin/env node
'use strict';
// The `netproof` command. TypeScript sources run through tsx, so there is no build step.
const path = require('node:path');
const { register } = require('tsx/cjs/api');
register();
const { main } = require(path.join(__dirname, '..', 'cli', 'main.ts'));
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`netproof: internal error: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 3;
  },
);
