/** The subscriptions the fake Argyle API holds, oldest first, and the timestamps it gives them. */
import type { FakeWebhook } from './fake-argyle-api';

/** ISO 8601 with microseconds, like Argyle's `2025-03-18T21:10:32.226533Z`. */
export function timestamp(): string {
  return new Date().toISOString().replace('Z', '000Z');
}

/** The stored subscriptions, oldest first. What it hands out is the stored object itself unless it says copies. */
export class FakeWebhookStore {
  readonly #webhooks: FakeWebhook[] = [];

  /** Copies of the stored subscriptions, oldest first. */
  copies(): FakeWebhook[] {
    return this.#webhooks.map((webhook) => structuredClone(webhook));
  }

  add(webhook: FakeWebhook): void {
    this.#webhooks.push(webhook);
  }

  find(id: string): FakeWebhook | undefined {
    return this.#webhooks.find((w) => w.id === id);
  }

  /** The stored subscriptions `predicate` accepts, oldest first (a new array of the stored objects). */
  filter(predicate: (webhook: FakeWebhook) => boolean): FakeWebhook[] {
    return this.#webhooks.filter(predicate);
  }

  /** Removes subscription `id`; false when there is none. */
  remove(id: string): boolean {
    const index = this.#webhooks.findIndex((w) => w.id === id);
    if (index === -1) return false;
    this.#webhooks.splice(index, 1);
    return true;
  }

  clear(): void {
    this.#webhooks.length = 0;
  }
}
