// Preloaded (node --import) into a measured process: writes its peak resident memory (KiB) to
// the file named by CASEDESK_BENCH_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.CASEDESK_BENCH_RSS_FILE) writeFileSync(process.env.CASEDESK_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
