/** One JSON line per figure on stdout, as DESIGN.md's benchmark contract says. */
export function report(
  group: string,
  name: string,
  value: number,
  unit: string,
  extra: Record<string, unknown> = {},
): void {
  process.stdout.write(
    `${JSON.stringify({ group, name, value: Math.round(value * 1000) / 1000, unit, ...extra })}\n`,
  );
}

/** Progress and context go to stderr so stdout stays machine-readable. */
export function note(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}
