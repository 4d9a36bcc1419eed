import cliProgress from 'cli-progress';
import type { ProgressFn } from '../server/lib/progress.js';

/**
 * A progress bar on stderr for long work; on a non-terminal (CI, pipes) a line every 10%, so logs
 * stay readable. Call `stop()` when done.
 */
export function progressBar(title: string): { update: ProgressFn; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${title} [{bar}] {percentage}% {value}/{total} {label}`,
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (done, total, label = '') => {
        if (!started) {
          bar.start(total, done, { label });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { label });
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    update: (done, total, label = '') => {
      const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${title} ${label} ${done}/${total}\n`);
      }
    },
    stop: () => {},
  };
}
