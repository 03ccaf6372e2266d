/**
 * CloudWatch embedded metric format documents built from parts Powertools serialized. An EMF document may
 * carry several metric directives, each with its own dimension sets, over the root members they name; so the
 * counters of one delivery share a document as long as their dimension values agree (one `Queue` value per
 * document) and no metric is counted twice in it. The documents are serialized once, all but their timestamp.
 * Pure.
 */

/** One metric as Powertools serializes it alone: its directive and the root members (dimensions and value). */
export interface EmfPart {
  readonly metric: string;
  readonly directive: unknown;
  readonly members: Readonly<Record<string, unknown>>;
}

/** Documents serialized but for their timestamp. */
export interface EmfTemplate {
  /** The documents stamped `timestamp` (epoch ms), one JSON line each, without the last newline. */
  stamp(timestamp: number): string;
}

interface Document {
  readonly directives: unknown[];
  readonly members: Record<string, unknown>;
}

const fits = (document: Document, part: EmfPart): boolean => {
  if (part.metric in document.members) return false;
  for (const key in part.members) {
    if (key in document.members && document.members[key] !== part.members[key]) return false;
  }
  return true;
};

/** The parts in as few documents as their dimension values allow, in the order given. */
export function emfTemplate(parts: readonly EmfPart[]): EmfTemplate {
  const documents: Document[] = [];
  for (const part of parts) {
    let document = documents.find((candidate) => fits(candidate, part));
    if (document === undefined) {
      document = { directives: [], members: {} };
      documents.push(document);
    }
    document.directives.push(part.directive);
    Object.assign(document.members, part.members);
  }
  // Each document as `{"_aws":{"Timestamp":<t>,` followed by the rest, serialized now.
  const opening = '{"_aws":{';
  const rests = documents.map(({ directives, members }) =>
    JSON.stringify({ _aws: { CloudWatchMetrics: directives }, ...members }).slice(opening.length),
  );
  const [only] = rests;
  if (rests.length === 1 && only !== undefined) {
    // One document (every delivery to one queue): the stamp between two ready-made halves.
    const head = `${opening}"Timestamp":`;
    const tail = `,${only}`;
    return { stamp: (timestamp) => head + Math.round(timestamp) + tail };
  }
  return {
    stamp: (timestamp) =>
      rests.map((rest) => `${opening}"Timestamp":${Math.round(timestamp)},${rest}`).join('\n'),
  };
}
