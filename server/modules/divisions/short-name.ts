/**
 * Official names carry administrative noise: 塔坡社区居委会 is what people call 塔坡社区,
 * 长安村村民委员会 is 长安村. Rules are ordered; the first that matches wins.
 */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/社区居民委员会$/, '社区'],
  [/社区居委会$/, '社区'],
  [/居民委员会$/, '社区'],
  [/居委会$/, '社区'],
  [/村村民委员会$/, '村'],
  [/村民委员会$/, '村'],
  [/村村委会$/, '村'],
  [/村委会$/, '村'],
  [/街道办事处$/, '街道'],
];

export function shortNameOf(name: string): string {
  for (const [pattern, replacement] of RULES) {
    if (pattern.test(name)) {
      const short = name.replace(pattern, replacement);
      // Never shorten to the bare suffix (a committee literally named 居委会).
      return short.length > replacement.length ? short : name;
    }
  }
  return name;
}

/** Names that add nothing to a path label (Beijing's city level is the placeholder 市辖区). */
export function isPlaceholderName(name: string): boolean {
  return (
    name === '市辖区' || name === '县' || name === '省直辖县级行政区划' || name === '自治区直辖县级行政区划'
  );
}
