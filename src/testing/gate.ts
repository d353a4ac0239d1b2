/** A task that runs until released, recording in `started` when it started. */
export function gate<T>(started: T[], id: T) {
  let release = () => {};
  const done = new Promise<T>((resolve) => {
    release = () => resolve(id);
  });
  return {
    task: () => {
      started.push(id);
      return done;
    },
    release,
  };
}

/** Lets every pending promise callback run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
