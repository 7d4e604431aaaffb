/** One answer a load driver received: its HTTP status and the request ID it carried. */
export interface Answer {
  status: number;
  requestId: string;
  body: string;
}

/**
 * Drives `workers` concurrent request loops until `total` requests were sent or `stop()` says so, each
 * request made by `send(n)`. A worker whose request fails at the transport (the server is gone) stops.
 * Used by the multi-process quota test and the crash test; bounded in count, so it always ends.
 */
export async function drive(opts: {
  workers: number;
  total: number;
  send: (n: number) => Promise<Answer>;
  stop?: () => boolean;
}): Promise<{ answers: Answer[]; transportErrors: number }> {
  const answers: Answer[] = [];
  let transportErrors = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.workers }, async () => {
      while (next < opts.total && !opts.stop?.()) {
        const n = next++;
        try {
          answers.push(await opts.send(n));
        } catch {
          transportErrors += 1;
          return;
        }
      }
    }),
  );
  return { answers, transportErrors };
}

/** A JSON POST whose answer is read whole (an answer only counts once its body has arrived). */
export async function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, requestId: res.headers.get('x-request-id') ?? '', body: await res.text() };
}
