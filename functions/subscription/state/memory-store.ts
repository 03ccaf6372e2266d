/**
 * The state store in memory, with the DynamoDB store's conditional semantics: for unit tests of pure logic that
 * needs a store. Integration tests use the DynamoDB store against a local DynamoDB stand-in.
 */
import type { Lease, LeaseOutcome, OwnershipRecord, OwnershipRecordInput } from './record';
import { type LeaseRequest, type Marker, StaleRecordError, type SubscriptionStateStore } from './store';

export class MemoryStateStore implements SubscriptionStateStore {
  private readonly records = new Map<string, OwnershipRecord>();
  private readonly markers = new Map<string, Marker>();
  private lease: Lease | undefined;

  constructor(private readonly clock: () => number = Date.now) {}

  async get(name: string): Promise<OwnershipRecord | undefined> {
    return this.records.get(name);
  }

  async list(): Promise<OwnershipRecord[]> {
    return [...this.records.values()];
  }

  async put(record: OwnershipRecordInput, expectedRevision: number | undefined): Promise<OwnershipRecord> {
    const stored = this.records.get(record.name);
    if (stored?.revision !== expectedRevision) {
      throw new StaleRecordError(`the record of "${record.name}" changed since it was read`);
    }
    const written: OwnershipRecord = {
      ...record,
      revision: (expectedRevision ?? 0) + 1,
      updatedAt: new Date(this.clock()).toISOString(),
    };
    this.records.set(record.name, written);
    return written;
  }

  async delete(name: string, expectedRevision: number): Promise<void> {
    if (this.records.get(name)?.revision !== expectedRevision) {
      throw new StaleRecordError(`the record of "${name}" changed since it was read`);
    }
    this.records.delete(name);
  }

  async acquireLease(request: LeaseRequest): Promise<LeaseOutcome> {
    const held = this.lease;
    if (held !== undefined && held.holder !== request.holder && held.expiresAt > request.now) {
      return { acquired: false, heldBy: held };
    }
    const lease: Lease = {
      holder: request.holder,
      actor: request.actor,
      acquiredAt: held?.holder === request.holder ? held.acquiredAt : request.now,
      expiresAt: request.now + request.durationMs,
    };
    this.lease = lease;
    return { acquired: true, lease };
  }

  async releaseLease(lease: Lease): Promise<void> {
    if (this.lease?.holder === lease.holder) this.lease = undefined;
  }

  async readLease(): Promise<Lease | undefined> {
    return this.lease;
  }

  async putMarker(marker: Marker): Promise<void> {
    this.markers.set(marker.name, marker);
  }

  async getMarker(name: string, now: number): Promise<Marker | undefined> {
    const marker = this.markers.get(name);
    if (marker === undefined || (marker.expiresAt !== undefined && marker.expiresAt <= now)) return undefined;
    return marker;
  }
}
