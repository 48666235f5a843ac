// Contrast as WCAG 2 reckons it (relative luminance of sRGB), for the tests that hold every text
// of the UI to 4.5:1 on its background: one reading the stylesheet, one measuring the page.
import type { Page } from 'playwright-core';

export type Rgb = [number, number, number];

/** "#1d1d1f", "#fff", "rgb(29, 29, 31)" → [29, 29, 31]; null for anything else. */
export function parseColor(text: string): Rgb | null {
  const value = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(value);
  if (hex) {
    const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d).join('') : hex[1]!;
    return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as Rgb;
  }
  const rgb = /^rgba?\((\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)\s*\)$/.exec(value);
  return rgb ? ([Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] as Rgb) : null;
}

function luminance([r, g, b]: Rgb): number {
  const [R, G, B] = [r, g, b].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
}

/** The contrast ratio of two colours, from 1 (none) to 21 (black on white). */
export function contrast(a: Rgb, b: Rgb): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

export interface MeasuredText {
  text: string;
  /** The element's tag and class, to find it by. */
  where: string;
  color: string;
  background: string;
  ratio: number;
}

/**
 * Every visible element of the page that holds text of its own, with its colour, the colour
 * painted behind it (the nearest backgrounds up the tree, blended where translucent, over the
 * page's white or black canvas) and their ratio. Disabled controls are left out, as WCAG leaves
 * them out.
 */
export async function measureTexts(page: Page, root = 'body'): Promise<MeasuredText[]> {
  // (A string, run in the page: the tests' own TypeScript has no DOM.)
  const found = (await page.evaluate(`(() => {
    const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return [0, 0, 0, 0]; const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
    const over = (top, under) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1); };
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    const backdrop = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) { const b = parse(getComputedStyle(e).backgroundColor); if (b[3] > 0) { layers.push(b); if (b[3] >= 1) break; } }
      let color = dark ? [0, 0, 0, 1] : [255, 255, 255, 1];
      for (const layer of layers.reverse()) color = over(layer, color);
      return color;
    };
    const out = [];
    for (const el of document.querySelector(${JSON.stringify(root)}).querySelectorAll('*')) {
      const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(' ').trim();
      if (!own) continue;
      if (el.closest('[disabled], [aria-disabled="true"], .visually-hidden, option, script, style')) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      let opacity = 1;
      for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const back = backdrop(el);
      const fg = over(parse(style.color).slice(0, 3).concat(parse(style.color)[3] * opacity), back);
      out.push({ text: own.slice(0, 60), where: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''), fg, back });
    }
    return out;
  })()`)) as { text: string; where: string; fg: number[]; back: number[] }[];
  const rgb = (c: number[]) => c.slice(0, 3).map(Math.round) as Rgb;
  return found.map((f) => ({
    text: f.text,
    where: f.where,
    color: `rgb(${rgb(f.fg).join(', ')})`,
    background: `rgb(${rgb(f.back).join(', ')})`,
    ratio: Math.round(contrast(rgb(f.fg), rgb(f.back)) * 100) / 100,
  }));
}
