// The spec reporter, plus the closing line CI reads: "N passed, N failed" (", N skipped" when
// tests were skipped). Counts come from mocha's own statistics, never from a constant.
'use strict';
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const skipped = pending > 0 ? `, ${pending} skipped` : '';
      // Printed after the spec reporter's epilogue so it is the last line of the run.
      process.on('exit', () => console.log(`${passes} passed, ${failures} failed${skipped}`));
    });
  }
}

module.exports = SummaryReporter;
