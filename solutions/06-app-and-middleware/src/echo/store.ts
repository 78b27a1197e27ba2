// The key-value store behind SET, GET and DEL. One store is shared by every connection:
// a value set by one client is visible to the next.
export class Store {
  private readonly values = new Map<string, string>();

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  set(key: string, value: string): void {
    this.values.set(key, value);
  }

  /** Returns true when the key existed. */
  delete(key: string): boolean {
    return this.values.delete(key);
  }
}
