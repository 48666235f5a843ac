// The packaging configuration, as electron-builder reads it: the packaged app's Electron fuses are
// set so nobody can turn it into a Node runtime, feed it NODE_OPTIONS or --inspect, or swap its code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run-casedesk';

const config = yaml.load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const scheme = JSON.parse(readFileSync(join(repoRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
};

describe('electron-builder.yml', () => {
  it('flips the fuses that close the packaged app to other code', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('names only fuses this electron-builder knows (a misspelt one would be ignored silently)', () => {
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    expect(Object.keys(config.electronFuses as object).filter((name) => !known.includes(name))).toEqual([]);
  });

  it('packages the core thread beside the main process', () => {
    expect(config.files).toContain('out/main/**');
  });
});
