/** What a figure is measured in; the value of a figure is a number in its unit. */
export type FigureUnit =
  'ms' | 'bytes' | 'per_second' | 'count' | 'percent' | `money:${string}`;

/** A number with a unit or a scale, found in the prose of a Markdown text. */
export interface Figure {
  /** As written: the number with its unit, scale or noun (`17,6 млн`, `5k RPS`, `≤ 200 мс`). */
  text: string;
  /** In `unit`; for a range (`2–3 секунды`), its upper end. */
  value: number;
  unit: FigureUnit;
  /** The lower end of a range, in `unit`; absent for a single number. */
  min?: number;
  /** The percentile a duration is stated at (`p95 < 200 ms` -> 95), when one stands by it. */
  percentile?: number;
  /** 1-based line within the text given. */
  line: number;
  /** 1-based column (UTF-16 code units) where `text` starts on its line. */
  column: number;
  /** The nearest heading above, as its text without the hashes; null above the first. */
  heading: string | null;
}

/** One of a comparison's lists: an input figure, an answer's figure, or both. */
export interface FigureItem {
  text: string;
  value: number;
  unit: FigureUnit;
  min?: number;
  /** Input figures: the section the figure stands in. */
  role?: string;
  /** Input figures: the heading above it in that section. */
  heading?: string | null;
  /** Input figures: its 1-based line in that section's text. */
  line?: number;
  /** Where the answer states it (used and introduced figures): the answer's heading above it. */
  answerHeading?: string | null;
}

/** What an answer does with the design's own figures. */
export interface FigureComparison {
  /** Input figures the answer repeats (with the answer's heading where it first does). */
  used: FigureItem[];
  /** Input figures the answer never mentions. */
  leftOut: FigureItem[];
  /** The answer's own figures that match no input figure, in a unit the inputs use at all. */
  introduced: FigureItem[];
}
