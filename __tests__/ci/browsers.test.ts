/**
 * The browser tests close every browser they launch, also one whose launch ends after its
 * hook timed out: such a browser kept a jest worker from exiting on a busy machine.
 */
import { Browsers } from "../support/browsers";

/** A browser that counts its closes; its launch ends when `arrive` is called (or fails with `fail`). */
function fakeLauncher() {
  const made: { closes: number }[] = [];
  const pending: { arrive: () => void; fail: (e: Error) => void }[] = [];
  const launcher = () =>
    new Promise<{ closes: number; close(): Promise<void> }>((resolve, reject) => {
      const browser = {
        closes: 0,
        close: () => {
          browser.closes++;
          return Promise.resolve();
        },
      };
      pending.push({ arrive: () => (made.push(browser), resolve(browser)), fail: reject });
    });
  return { launcher, made, pending };
}

test("a browser whose launch ends after closeAll began is closed when it arrives", async () => {
  const { launcher, made, pending } = fakeLauncher();
  const browsers = new Browsers(launcher);
  // The hook that launched it timed out: nobody awaits the launch any more.
  void browsers.launch();
  const closing = browsers.closeAll();
  pending[0].arrive();
  await closing;
  expect(made.map((b) => b.closes)).toEqual([1]);
});

test("every browser launched is closed once, however many launches and closeAll calls", async () => {
  const { launcher, made, pending } = fakeLauncher();
  const browsers = new Browsers(launcher);
  const first = browsers.launch();
  const second = browsers.launch();
  pending.forEach((p) => p.arrive());
  await Promise.all([first, second]);
  await browsers.closeAll();
  await browsers.closeAll();
  expect(made.map((b) => b.closes)).toEqual([1, 1]);
});

test("a failed launch leaves nothing to close and does not keep the others open", async () => {
  const { launcher, made, pending } = fakeLauncher();
  const browsers = new Browsers(launcher);
  const failed = browsers.launch();
  void browsers.launch();
  pending[0].fail(new Error("no display"));
  pending[1].arrive();
  await expect(failed).rejects.toThrow("no display");
  await browsers.closeAll();
  expect(made.map((b) => b.closes)).toEqual([1]);
});

test("a browser that cannot be closed is said so, and the others are closed still", async () => {
  const closed: string[] = [];
  const names = ["stuck", "fine"];
  const browsers = new Browsers(() => {
    const name = names.shift()!;
    return Promise.resolve({
      close: () => {
        if (name === "stuck") return Promise.reject(new Error("target closed"));
        closed.push(name);
        return Promise.resolve();
      },
    });
  });
  await Promise.all([browsers.launch(), browsers.launch()]);
  await expect(browsers.closeAll()).rejects.toThrow("1 browser(s) could not be closed: Error: target closed");
  expect(closed).toEqual(["fine"]);
});
