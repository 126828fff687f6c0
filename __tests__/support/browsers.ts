/**
 * The browsers a test file launches, closed by `closeAll` in the `afterAll` of each suite that
 * launched any.
 *
 * A hook that times out does not stop: jest goes on to `afterAll` while the hook's launch is
 * still under way, and a browser that arrives after its suite's `afterAll` ran is never closed.
 * Its process then keeps the jest worker from exiting ("A worker process has failed to exit
 * gracefully"), on a busy machine only. So every launch is kept from the moment it starts, and
 * `closeAll` waits for launches still under way before closing what they opened.
 */
export class Browsers<B extends { close(): Promise<void> }> {
  private readonly launches: Promise<B>[] = [];

  constructor(private readonly launcher: () => Promise<B>) {}

  /** Launches a browser that `closeAll` will close, whatever the caller does with it. */
  launch(): Promise<B> {
    const launched = this.launcher();
    this.launches.push(launched);
    return launched;
  }

  /** Closes every browser launched so far, once, including those whose launch has not ended yet; a failed launch has nothing to close. */
  async closeAll(): Promise<void> {
    const settled = await Promise.allSettled(this.launches.splice(0));
    const closing = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.close()] : []));
    const failed = (await Promise.allSettled(closing)).filter((c): c is PromiseRejectedResult => c.status === "rejected");
    if (failed.length > 0) throw new Error(`${failed.length} browser(s) could not be closed: ${String(failed[0].reason)}`);
  }
}
