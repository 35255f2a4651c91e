import { sentAmount } from '../../domain/index.js';
import { ApiError } from './api-errors.js';

/** One field of a request body: its kind, whether it is needed, the values allowed. */
export interface FieldSpec {
  readonly type: 'string' | 'number' | 'boolean' | 'numbers';
  readonly required?: boolean;
  readonly description: string;
  readonly enum?: readonly string[];
}

/** A body as its route takes it: the one source for the check here and for openapi.json. */
export type BodySpec = Readonly<Record<string, FieldSpec>>;

/** A body that passed its spec: each field of the kind it names (numbers positive). */
export type CheckedBody = Readonly<Record<string, string | number | boolean | Readonly<Record<string, number>> | undefined>>;

/**
 * Checks a parsed body against its spec: one JSON object, no field beyond the spec, each of its
 * kind. A number may come as a JSON number or a decimal string (`"0.01"`, as traders copy it),
 * and must be positive, in plain digits. The first problem is the answer, naming the field.
 */
export function checkBody(spec: BodySpec, raw: unknown): CheckedBody {
  const body = raw === undefined ? {} : raw;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'body.json', 'the body must be one JSON object');
  const given = body as Record<string, unknown>;
  const unknown = Object.keys(given).find((k) => !Object.hasOwn(spec, k));
  if (unknown !== undefined) throw new ApiError(400, 'input.invalid', `unknown field "${unknown.slice(0, 40)}": allowed are ${Object.keys(spec).join(', ') || 'none'}`, unknown.slice(0, 40));
  const out: Record<string, CheckedBody[string]> = {};
  for (const [name, f] of Object.entries(spec)) {
    const v = given[name];
    if (v === undefined || v === null) {
      if (f.required) throw new ApiError(400, 'input.invalid', `"${name}" is required: ${f.description}`, name);
      continue;
    }
    out[name] = checkField(name, f, v);
  }
  return out;
}

function checkField(name: string, f: FieldSpec, v: unknown): CheckedBody[string] {
  const wrong = (what: string): ApiError => new ApiError(400, 'input.invalid', `"${name}" must be ${what}`, name);
  switch (f.type) {
    case 'string': {
      if (typeof v !== 'string' || v.length === 0 || v.length > 200) throw wrong('a string of 1 to 200 characters');
      if (f.enum && !f.enum.includes(v)) throw wrong(`one of ${f.enum.join(', ')} (got "${v.slice(0, 40)}")`);
      return v;
    }
    case 'number':
      return positive(name, v);
    case 'boolean':
      if (typeof v !== 'boolean') throw wrong('true or false');
      return v;
    case 'numbers': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw wrong('an object of numbers, like {"fast": 10, "slow": 30}');
      const out: Record<string, number> = {};
      for (const [k, n] of Object.entries(v)) {
        if (typeof n !== 'number' || !Number.isFinite(n)) throw new ApiError(400, 'input.invalid', `"${name}.${k.slice(0, 40)}" must be a number`, `${name}.${k.slice(0, 40)}`);
        out[k] = n;
      }
      return out;
    }
    default: {
      const never: never = f.type;
      return never;
    }
  }
}

/** A positive number in plain digits, from JSON or from a decimal string, as the shell takes it (domain `sentAmount`). */
function positive(name: string, v: unknown): number {
  const r = sentAmount(v);
  if ('problem' in r) throw new ApiError(400, 'input.invalid', `bad "${name}" ${JSON.stringify(v)?.slice(0, 40) ?? ''}: ${r.problem}`, name);
  return r.value;
}
