/**
 * The library's errors for what its user got wrong (a config, a finding of the security rules):
 * their message says everything, so they print as that message alone. No stack frames (they
 * would point into the library, not at the mistake), and their data (the problems, the
 * findings, each already in the message) is not printed a second time beside it.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    Object.defineProperty(this, "stack", { value: `${this.name}: ${message}`, writable: true, configurable: true });
  }

  /** Keeps a field of the error for code, out of what Node prints beside the message. */
  protected keep<K extends keyof this>(key: K, value: this[K]): void {
    Object.defineProperty(this, key, { value, enumerable: false });
  }
}
