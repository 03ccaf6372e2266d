/**
 * A replay's checkpoint: its selection and target, and the last delivery sent (in received order), kept in a
 * file named by the run id after every batch, so `replay --resume <run id>` goes on after it with the same
 * run id, and so the same FIFO deduplication ids.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { UsageError } from './options';

export interface ReplayCheckpoint {
  readonly runId: string;
  /** The command line's choices: selection, target, where the stack is. */
  readonly options: Readonly<Record<string, string | undefined>>;
  /** The last delivery sent: its received-at and id; the next run sends what comes after it. */
  readonly last?: { readonly receivedAt: string; readonly deliveryId: string };
  readonly sent: number;
  readonly messages: number;
  readonly byEvent: Readonly<Record<string, number>>;
  readonly done: boolean;
}

/** `--state-dir`, else `~/.argyle-webhooks/replays`. */
export function stateDir(option: string | undefined): string {
  return option ?? path.join(homedir(), '.argyle-webhooks', 'replays');
}

function file(dir: string, runId: string): string {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(runId))
    throw new UsageError(`--resume: "${runId}" is not a replay run id`);
  return path.join(dir, `${runId}.json`);
}

export function readCheckpoint(dir: string, runId: string): ReplayCheckpoint {
  try {
    return JSON.parse(readFileSync(file(dir, runId), 'utf8')) as ReplayCheckpoint;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `--resume ${runId}: no checkpoint in ${dir} (give --state-dir where the run kept it)`,
    );
  }
}

/** Written to a temporary file and renamed, so a stop mid-write never leaves half a checkpoint. */
export function writeCheckpoint(dir: string, checkpoint: ReplayCheckpoint): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = file(dir, checkpoint.runId);
  writeFileSync(`${target}.tmp`, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${target}.tmp`, target);
  return target;
}
