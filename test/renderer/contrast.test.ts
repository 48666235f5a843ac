// Every text colour of the stylesheet on the background it is drawn on reaches 4.5:1, in the light
// scheme and in the dark one: read from renderer/src/styles.css itself, so a colour changed there
// is judged here. A rule that sets both a colour and a background is judged as that pair; a rule
// that sets only a colour is judged on each surface text is drawn on (the page, a panel, the
// selected row), and so is the page's own text colour. (A background without a colour of its own
// may be a dot or a bar with no text: the page test, test/e2e/queue-look.e2e.test.ts, measures
// what is drawn.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrast, parseColor } from '../support/contrast';

const css = readFileSync(join(__dirname, '../../renderer/src/styles.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const SURFACES = ['--bg', '--panel', '--select'];

function properties(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const light = properties(/:root\s*\{([^}]*)\}/.exec(css)!.at(1)!);
const dark = { ...light, ...properties(/:root\s*\{([^}]*)\}/.exec(css.slice(darkStart))!.at(1)!) };
const SCHEMES = { light, dark };

interface Rule {
  selector: string;
  color?: string;
  background?: string;
}

const rules: Rule[] = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => {
  const decl = (name: string) => new RegExp(`(?:^|;)\\s*${name}\\s*:\\s*([^;]+)`).exec(m[2]!)?.[1]?.trim();
  return { selector: m[1]!.trim(), color: decl('color'), background: decl('background') ?? decl('background-color') };
});

function resolve(value: string | undefined, scheme: Record<string, string>) {
  if (value === undefined) return null;
  const name = /^var\((--[\w-]+)\)$/.exec(value)?.[1];
  return parseColor(name ? (scheme[name] ?? '') : value);
}

function failures(): string[] {
  const found: string[] = [];
  for (const [schemeName, scheme] of Object.entries(SCHEMES)) {
    const judge = (rule: Rule, fg: string, bg: string) => {
      const [f, b] = [resolve(fg, scheme), resolve(bg, scheme)];
      if (!f || !b) return;
      const ratio = contrast(f, b);
      if (ratio < 4.5) found.push(`${schemeName}: ${rule.selector} — ${fg} on ${bg}: ${ratio.toFixed(2)}:1`);
    };
    for (const rule of rules) {
      if (rule.selector.startsWith(':root') || rule.selector.includes('aria-disabled') || rule.selector.includes(':disabled')) continue;
      if (rule.color && rule.background) judge(rule, rule.color, rule.background);
      else if (rule.color) for (const surface of SURFACES) judge(rule, rule.color, `var(${surface})`);
    }
    // The text that inherits the page's colour, wherever a surface is drawn.
    for (const surface of SURFACES) judge({ selector: 'body' }, 'var(--fg)', `var(${surface})`);
  }
  return found;
}

describe('the colours of the stylesheet', () => {
  it('reads both schemes and the rules that colour text', () => {
    expect(Object.keys(light)).toEqual(expect.arrayContaining(['--fg', '--bg', '--bad', '--on-bad']));
    expect(dark['--bad']).not.toBe(light['--bad']);
    expect(rules.find((r) => r.selector === '.page-banner')).toMatchObject({ color: 'var(--on-bad)', background: 'var(--bad)' });
    expect(rules.filter((r) => r.color).length).toBeGreaterThan(30);
  });

  it('gives every text at least 4.5:1 on its background, light and dark', () => {
    expect(failures()).toEqual([]);
  });

  it('would catch the Severity-1 banner of before (white on the dark scheme’s red, 2.78:1)', () => {
    expect(contrast(parseColor('#ffffff')!, parseColor(dark['--bad']!)!)).toBeLessThan(4.5);
    expect(contrast(parseColor(dark['--on-bad']!)!, parseColor(dark['--bad']!)!)).toBeGreaterThanOrEqual(4.5);
  });
});
