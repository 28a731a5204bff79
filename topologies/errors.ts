/**
 * TopologyError, and finding where in the YAML text a value sits, so that every error names the
 * file, the line and column, and what is wrong, on one line: `lab.clab.yml:12:7: <problem>`.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

export class TopologyError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem.replace(/\s*[\r\n]+\s*/g, ' ')}`);
    this.name = 'TopologyError';
  }
}

/** A path into the document: map keys and sequence indexes, as for Document.getIn. */
export type YamlPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

/** Maps paths in the parsed document to line:column, and builds TopologyErrors at them. */
export class Locator {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Position of the value at `path` (of its key when `key` is true). A path that does not exist
   * resolves to the deepest part of it that does, so an error always points somewhere useful.
   */
  pos(path: YamlPath, key = false): Position {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        const valueStart = rangeStart(pair.value);
        offset = (last && key ? keyStart : valueStart ?? keyStart) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        node = node.items[seg];
        offset = rangeStart(node) ?? offset;
      } else {
        break;
      }
    }
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /** Position of a raw offset in the text. */
  posAt(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  error(path: YamlPath, problem: string, key = false): TopologyError {
    const p = this.pos(path, key);
    return new TopologyError(this.file, p.line, p.column, problem);
  }
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: readonly number[] | null }).range;
    if (range) return range[0];
  }
  return undefined;
}
