// Asking the core again until a long job says it is done (a log's index, a search): each answer
// and a failure are told, and the returned stop ends it (an effect's cleanup).

/** Ask now, then every `everyMs` until an answer is `done` or the ask fails; returns the stop. */
export function pollUntilDone<T extends { done: boolean }>(ask: () => Promise<T>, onAnswer: (answer: T) => void, onError: (err: Error) => void, everyMs = 250): () => void {
  let stop = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const look = () =>
    ask().then(
      (answer) => {
        if (stop) return;
        onAnswer(answer);
        if (!answer.done) timer = setTimeout(look, everyMs);
      },
      (err: Error) => !stop && onError(err),
    );
  void look();
  return () => {
    stop = true;
    clearTimeout(timer);
  };
}
