/**
 * Progress for long work: a redrawn bar on a terminal, plain lines otherwise (CI logs, pipes),
 * and nothing at all in tests.
 */
export interface Progress {
  step(message: string): void;
  tick(done: number, total: number): void;
  done(message: string): void;
}

export const silentProgress: Progress = { step() {}, tick() {}, done() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const interactive = stream.isTTY === true;
  let current = '';
  let lastPlainPercent = -1;
  return {
    step(message) {
      current = message;
      stream.write(`${message}\n`);
    },
    tick(done, total) {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const percent = Math.floor(fraction * 100);
      if (interactive) {
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(
          `\r  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${done}/${total}`,
        );
        if (done >= total) stream.write('\n');
      } else if (percent >= lastPlainPercent + 25 || done >= total) {
        // Quarter steps keep non-interactive logs short but show the work is moving.
        lastPlainPercent = percent;
        stream.write(`  ${current}: ${done}/${total} (${percent}%)\n`);
      }
    },
    done(message) {
      stream.write(`${message}\n`);
    },
  };
}
