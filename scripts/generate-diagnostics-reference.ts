// Writes docs/diagnostics.md from the diagnostic-code table (its test fails when they differ):
//   npx tsx scripts/generate-diagnostics-reference.ts > docs/diagnostics.md
// A script of its own, so that importing the front end never prints anything.
import { renderDiagnosticsReference } from '../simulator/toolchain/language/diagnostics-reference';

process.stdout.write(renderDiagnosticsReference());
