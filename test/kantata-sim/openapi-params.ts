import { readSpecFile, specFileNames } from './openapi-files';

/**
 * Which query parameters Kantata's OpenAPI files document for each operation, so the request log
 * can flag a client that relies on an undocumented one (the simulator may accept it; Kantata may
 * ignore it, or start rejecting it).
 */

interface DocumentedOperation {
  /** e.g. `GET /expenses/{id}` */
  name: string;
  method: string;
  pattern: RegExp;
  /** Literal path segments: `/expenses/{id}` beats a template matching anything at that depth. */
  literals: number;
  params: Set<string>;
}

type Node = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** `optional_fields[]` is the array form of `optional_fields`. */
const paramName = (name: string): string => name.replace(/\[\]$/, '');

function queryParamNames(doc: Node, list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((p: Node) => {
    const param = typeof p.$ref === 'string' ? resolveRef(doc, p.$ref) : p;
    return param?.in === 'query' && typeof param.name === 'string' ? [paramName(param.name)] : [];
  });
}

function resolveRef(doc: Node, ref: string): Node | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const key of ref.slice(2).split('/')) node = (node as Node | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node as Node | undefined;
}

function templatePattern(path: string): RegExp {
  const parts = path.split('/').map((seg) => (/^\{[^}]+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}$`);
}

function operationsOf(file: string): DocumentedOperation[] {
  const doc = readSpecFile(file);
  const out: DocumentedOperation[] = [];
  for (const [path, item] of Object.entries((doc.paths as Node | undefined) ?? {})) {
    const pathItem = item as Node;
    const shared = queryParamNames(doc, pathItem.parameters);
    for (const method of METHODS) {
      const op = pathItem[method] as Node | undefined;
      if (!op) continue;
      out.push({
        name: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), pattern: templatePattern(path),
        literals: path.split('/').filter((s) => s !== '' && !s.startsWith('{')).length,
        params: new Set([...shared, ...queryParamNames(doc, op.parameters)]),
      });
    }
  }
  return out;
}

let index: DocumentedOperation[] | null | undefined;

/**
 * Every documented operation of every file, built once per process; null when the files cannot be
 * read (the simulator still runs, without this check). Called at start-up, so the first request
 * does not pay for parsing.
 */
export function loadOperationIndex(): DocumentedOperation[] | null {
  if (index !== undefined) return index;
  try {
    const files = specFileNames();
    index = files.length === 0 ? null : files.flatMap(operationsOf).sort((a, b) => b.literals - a.literals);
  } catch {
    index = null;
  }
  return index;
}

export interface ParamCheck {
  /** The matched documented operation, null when no file documents this method and path. */
  operation: string | null;
  /** Query names the operation does not document; `[]` for an undocumented operation (nothing to compare with). */
  undocumentedParams: string[];
}

/** Checks one request: `method`, normalized `path` (no /api/v1, no .json) and its query names. */
export function checkQueryParams(method: string, path: string, queryNames: Iterable<string>): ParamCheck {
  const op = loadOperationIndex()?.find((o) => o.method === method && o.pattern.test(path));
  if (!op) return { operation: null, undocumentedParams: [] };
  const unknown = new Set<string>();
  for (const name of queryNames) if (!op.params.has(paramName(name))) unknown.add(paramName(name));
  return { operation: op.name, undocumentedParams: [...unknown] };
}
