import type {Locator} from 'playwright-core';

/**
 * The WCAG contrast ratio of an element's text against the background it is drawn on (the
 * first ancestor with an opaque background), as the browser computed them.
 */
export function contrastOf(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const rgb = (color: string) =>
      (color.match(/[\d.]+/g) ?? []).map(Number) as number[];
    let node: Element | null = element;
    let background = [255, 255, 255];
    while (node) {
      const parts = rgb(getComputedStyle(node).backgroundColor);
      if (parts.length === 3 || (parts.length === 4 && parts[3]! > 0.9)) {
        background = parts.slice(0, 3);
        break;
      }
      node = node.parentElement;
    }
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r!, g!, b!].map((value) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
    };
    const a = luminance(rgb(getComputedStyle(element).color).slice(0, 3));
    const b = luminance(background);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}
