// extensionTestsPath entry: VS Code's extension host calls run(); resolving gives exit code 0,
// rejecting 1. Loads every *.test.js here, in name order; E2E_GREP selects tests by title.
'use strict';
const fs = require('fs');
const path = require('path');
const util = require('util');
const Mocha = require('mocha');

// The extension host replaces console.* with getters (assignments are ignored) and forwards output
// unformatted, mixed with workbench logs. So mocha's reporter writes through our own function,
// which formats each line and appends it to $E2E_LOG (the driver tails that file to its stdout).
const logFile = process.env.E2E_LOG;
function log(...args) {
  const line = util.format(...args);
  if (logFile) fs.appendFileSync(logFile, line + '\n');
  console.log(line);
}
Mocha.reporters.Base.consoleLog = log;

exports.log = log;
exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  if (process.env.E2E_GREP) mocha.grep(process.env.E2E_GREP);
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      log(`[suite] ${runner.stats.passes} passed, ${failures} failed`);
      failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve();
    });
  });
};
