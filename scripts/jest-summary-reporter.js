"use strict";
// Ends a jest run with one plain line, "N passed, N failed, N skipped", that CI systems and
// humans can read without knowing jest's own summary format.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`);
  }
}
module.exports = SummaryReporter;
