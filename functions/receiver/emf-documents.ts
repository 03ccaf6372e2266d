/**
 * CloudWatch embedded metric format documents built from parts Powertools serialized. An EMF document may
 * carry several metric directives, each with its own dimension sets, over the root members they name; so the
 * counters of one delivery share a document as long as their dimension values agree (one `Queue` value per
 * document) and no metric is counted twice in it. Pure.
 */

/** One metric as Powertools serializes it alone: its directive and the root members (dimensions and value). */
export interface EmfPart {
  readonly metric: string;
  readonly directive: unknown;
  readonly members: Readonly<Record<string, unknown>>;
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

/** The parts as few documents as their dimension values allow, one JSON line each, stamped `timestamp`. */
export function emfDocuments(parts: readonly EmfPart[], timestamp: number): string {
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
  return documents
    .map(({ directives, members }) =>
      JSON.stringify({ _aws: { Timestamp: timestamp, CloudWatchMetrics: directives }, ...members }),
    )
    .join('\n');
}
