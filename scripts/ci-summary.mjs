// Prints the test count line CI reads ("N passed, N failed"), from vitest's JSON report. A failed
// typecheck or lint step counts as one more failure, so the line never says all is well when not.
import { existsSync, readFileSync } from 'node:fs';

const [file, failedSteps = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 1; // until a report says otherwise: a run that left no report did not run
let skipped = 0;
if (file && existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  // A test file that failed to load has no tests of its own: count it as one failure.
  const brokenFiles = (report.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
  failed = (report.numFailedTests ?? 0) + brokenFiles;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
const testsFailed = failed;
failed += Math.max(0, Number(failedSteps) - (testsFailed > 0 ? 1 : 0));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
