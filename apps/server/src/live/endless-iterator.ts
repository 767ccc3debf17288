/** An async iterator that never yields (the hub writes frames itself) and ends on demand. */
export function endlessIterator(onEnd: () => void): AsyncIterableIterator<never> & { end(): void } {
  let finish: ((result: IteratorResult<never>) => void) | undefined;
  const done = new Promise<IteratorResult<never>>((resolve) => (finish = resolve));
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
    finish!({ done: true, value: undefined });
  };
  return {
    next: () => done,
    return: async () => {
      end();
      return { done: true, value: undefined };
    },
    throw: async (error: unknown) => {
      end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    end,
  };
}
